import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

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
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
          // Probes and scrapes every few seconds would drown the request log.
          autoLogging: { ignore: (request) => request.url?.startsWith('/health/') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
