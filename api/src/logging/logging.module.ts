import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { traceContextFields } from './trace-context';

// Credentials must never reach a log line, whichever object carries them.
const SECRET_FIELDS = ['password', 'passwd', 'secret', 'secretKey', 'accessKey', 'token', 'apiKey'];
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** The process' one logger: JSON lines for machines; pino-pretty only when a person watches a terminal. */
export function rootLogger(config: AppConfig): Logger {
  return pino({
    level: config.LOG_LEVEL,
    transport: process.stdout.isTTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    redact: REDACTED_PATHS,
    mixin: traceContextFields,
  });
}

/**
 * Nest's own logging goes to the root logger. Request lines are written by the request log
 * (request-log.ts), not by nestjs-pino's pino-http middleware: that middleware made a child
 * logger and an async-local store for every request, a third of a cached read's CPU time.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ROOT_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
    }),
  ],
  providers: [{ provide: ROOT_LOGGER, inject: [APP_CONFIG], useFactory: rootLogger }],
  exports: [ROOT_LOGGER],
})
export class LoggingModule {}
