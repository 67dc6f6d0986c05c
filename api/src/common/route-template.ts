import { trace } from '@opentelemetry/api';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

const UNMATCHED = 'unmatched';

/** The route template (`/users/:id`), never the raw URL, which would carry ids. */
export function routeTemplateOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED;
}

/** Names each request's trace by its route: the server span is `GET /users/:id`, not a bare `GET`. */
export function nameSpansByRoute(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const span = trace.getActiveSpan();
    if (span) {
      const route = routeTemplateOf(request);
      span.setAttribute('http.route', route);
      span.updateName(`${request.method} ${route}`);
    }
    done();
  });
}
