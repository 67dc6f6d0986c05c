import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type Logger } from 'pino';
import { type AbortedRequests } from '../common/aborted-requests';
import { routeTemplateOf } from '../common/route-template';

// Probes and scrapes every few seconds would drown the request log.
const UNLOGGED_PATH = '/health/';

/**
 * One line per request, answered or aborted by its client: its id, method, URL and address, the
 * route, and for an answer its status and how long it took. No header is logged, so no
 * credential a header carries can be.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger, aborts: AbortedRequests): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith(UNLOGGED_PATH)) {
      const failed = reply.statusCode >= 500;
      logger.info(
        {
          ...requestFields(request),
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        failed ? 'request errored' : 'request completed',
      );
    }
    done();
  });
  aborts.onAbort((request) => {
    if (!request.url.startsWith(UNLOGGED_PATH)) logger.info(requestFields(request), 'request aborted');
  });
}

function requestFields(request: FastifyRequest) {
  return {
    req: { id: request.id, method: request.method, url: request.url, remoteAddress: request.ip },
    route: routeTemplateOf(request),
  };
}
