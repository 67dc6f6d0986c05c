import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem';
import { StoreUnavailableError } from './store-unavailable.error';

/** Fastify's own errors for what a client sent (body too large, bad JSON, wrong type…). */
interface FastifyClientError {
  statusCode: number;
  code: string;
  message: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const { statusCode } = error as Partial<FastifyClientError>;
  return error instanceof Error && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/**
 * What an HttpException may carry to shape its problem: a detail, the invalid fields, and RFC 9457
 * extension members (readiness lists the stores it checked).
 */
export interface ProblemBody extends Pick<Problem, 'detail' | 'errors'> {
  extensions?: Record<string, unknown>;
}

/** The one error filter: every error leaves as RFC 9457 problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = { ...this.toProblem(error), instance: request.url.split('?')[0] };
    const reply = http.getResponse<FastifyReply>();
    // The rest of a refused body is not worth receiving: the connection closes after the answer,
    // instead of Node reading it to keep the connection alive. A refused upload, before its
    // handler (no key, rate limited, a bad query) or in it, may have gigabytes still to come.
    if (!request.raw.complete) void reply.header('connection', 'close');
    void reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof StoreUnavailableError) {
      this.logger.warn({ err: error.cause, store: error.store }, error.message);
      return { ...base(HttpStatus.SERVICE_UNAVAILABLE), detail: error.message, store: error.store };
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const extras = typeof body === 'object' ? (body as ProblemBody) : {};
      return {
        ...extras.extensions,
        ...base(error.getStatus()),
        detail: typeof body === 'string' ? body : (extras.detail ?? error.message),
        ...(extras.errors ? { errors: extras.errors } : {}),
      };
    }
    if (isFastifyClientError(error)) return { ...base(error.statusCode), detail: error.message };
    this.logger.error({ err: error }, 'unhandled error');
    return { ...base(HttpStatus.INTERNAL_SERVER_ERROR), detail: 'An unexpected error occurred' };
  }
}

function base(status: number): Pick<Problem, 'type' | 'title' | 'status'> {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status };
}
