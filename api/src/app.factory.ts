import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AccessControl } from './access/access-control';
import { registerHttpHardening } from './access/http-hardening';
import { httpServerOptions } from './access/http-server-options';
import { documentAccess } from './access/openapi-access';
import { AppModule } from './app.module';
import { AbortedRequests } from './common/aborted-requests';
import { Problem } from './common/problem';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { recordRouteTemplates } from './common/route-template';
import { serializeReply } from './common/serialized-json';
import { validationPipe } from './common/validation';
import { loadApiConfig } from './config/app-config';
import { registerMultipart } from './files/multipart';
import { LOGGERS, type Loggers } from './logging/logging.module';
import { echoRequestIds, requestIdOf } from './logging/request-id';
import { logRequests } from './logging/request-log';
import { HttpMetrics } from './metrics/http-metrics';

/** The application as `main.ts` runs it; integration tests start the very same thing. */
export async function createApp(): Promise<NestFastifyApplication> {
  // Read here as well as by ConfigModule: Fastify takes its body limit and proxy trust when
  // created, before any module exists; and the API, unlike the seeder, needs keys in production.
  const config = loadApiConfig();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ genReqId: requestIdOf, ...httpServerOptions(config) }),
    // Fastify's own JSON parser only: Nest's default adds a form (urlencoded) parser, through
    // which an HTML form on any site could write to JSON routes; such bodies now get a 415.
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.setReplySerializer(serializeReply);
  recordRouteTemplates(fastify);
  echoRequestIds(fastify);
  const aborts = new AbortedRequests(fastify);
  logRequests(fastify, app.get<Loggers>(LOGGERS).requests, aborts);
  app.get(HttpMetrics).attach(fastify, aborts);
  await registerHttpHardening(app, config);
  app.get(AccessControl).attach(fastify);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(validationPipe);
  await registerMultipart(app);
  // SIGTERM and SIGINT: background work stops, the HTTP server closes, then the modules' own
  // shutdown hooks run, the global ones (store clients, the metrics server) last.
  // The process then exits (0) rather than dying of the signal again, so that the log's last
  // batch is written (logging.module.ts).
  app.enableShutdownHooks(undefined, { useProcessExit: true });

  const openApi = new DocumentBuilder()
    .setTitle('Summer-Trip API')
    .setDescription('Users, groups, friends, messages, notifications and files of the Summer-Trip travel app')
    .setVersion('1.0')
    .build();
  const document = SwaggerModule.createDocument(app, openApi, { extraModels: [Problem] });
  documentAccess(document, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
