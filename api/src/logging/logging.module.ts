import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { traceContextFields } from './trace-context';

// Credentials must never reach a log line, whichever object carries them.
const SECRET_FIELDS = ['password', 'passwd', 'secret', 'secretKey', 'accessKey', 'token', 'apiKey'];
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);

/** The process' two loggers, writing JSON lines to one stream (pretty ones at a terminal). */
export interface Loggers {
  /** Everything the API says, with secrets redacted whichever object carries them. */
  root: Logger;
  /**
   * Request lines only (request-log.ts): they are built of known fields, none a secret, so they
   * skip redaction, which walks and copies every line and cost a tenth of a cached read.
   */
  requests: Logger;
}

export const LOGGERS = Symbol('LOGGERS');

// Lines are written in batches of at least this many bytes, and at least once a second: a
// write per line, a system call each, was 4 % of a cached read's CPU time. pino writes what is
// left when the process exits, a crash included; a SIGKILL loses at most the last second.
const LOG_BATCH_BYTES = 4096;
const LOG_FLUSH_MS = 1000;

export function createLoggers(config: AppConfig): Loggers {
  const destination: DestinationStream = process.stdout.isTTY
    ? pino.transport({ target: 'pino-pretty', options: { singleLine: true } })
    : pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
  const options = { level: config.LOG_LEVEL, mixin: traceContextFields };
  return {
    root: pino({ ...options, redact: REDACTED_PATHS }, destination),
    requests: pino(options, destination),
  };
}

/**
 * Nest's own logging goes to the root logger. Request lines are written by the request log, not
 * by nestjs-pino's pino-http middleware: that middleware made a child logger and an async-local
 * store for every request, a third of a cached read's CPU time.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [LOGGERS],
      useFactory: ({ root }: Loggers) => ({ pinoHttp: { logger: root }, forRoutes: [] }),
    }),
  ],
  providers: [{ provide: LOGGERS, inject: [APP_CONFIG], useFactory: createLoggers }],
  exports: [LOGGERS],
})
export class LoggingModule {}
