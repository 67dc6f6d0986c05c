import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { recordedRouteTemplate } from '../common/route-template';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { traceContextFields } from './trace-context';

// Credentials must never reach a log line, whichever object carries them.
const SECRET_FIELDS = ['password', 'passwd', 'secret', 'secretKey', 'accessKey', 'token', 'apiKey'];
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);

// JSON lines for machines; pino-pretty only when a person watches a terminal.
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          transport: process.stdout.isTTY
            ? { target: 'pino-pretty', options: { singleLine: true } }
            : undefined,
          redact: REDACTED_PATHS,
          // What a request line needs to be found and read, and no header, so no credential a
          // header carries (Authorization, Cookie): serialising every header of every request
          // and response cost a fifth of a cached read's CPU time.
          serializers: {
            req: (request: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
              id: request.id,
              method: request.method,
              url: request.url,
              remoteAddress: request.remoteAddress,
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
          mixin: traceContextFields,
          // The request log line says which route answered, besides status and responseTime.
          customSuccessObject: (request, _response, fields: object) => ({
            ...fields,
            route: recordedRouteTemplate(request),
          }),
          customErrorObject: (request, _response, _error, fields: object) => ({
            ...fields,
            route: recordedRouteTemplate(request),
          }),
          // Probes and scrapes every few seconds would drown the request log.
          autoLogging: { ignore: (request) => request.url?.startsWith('/health/') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
