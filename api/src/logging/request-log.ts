import { type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import { routeTemplateOf } from '../common/route-template';

// Probes and scrapes every few seconds would drown the request log.
const UNLOGGED_PATH = '/health/';

/**
 * One line per answered request: its id, method, URL and address, the route that answered, the
 * status and how long it took. No header is logged, so no credential a header carries can be.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith(UNLOGGED_PATH)) {
      const failed = reply.statusCode >= 500;
      logger.info(
        {
          req: { id: request.id, method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
          route: routeTemplateOf(request),
        },
        failed ? 'request errored' : 'request completed',
      );
    }
    done();
  });
}
