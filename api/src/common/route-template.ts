import { trace } from '@opentelemetry/api';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

const UNMATCHED = 'unmatched';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once per request by `recordRouteTemplates`. */
    routeTemplate: string;
  }
}

/** The route template (`/users/:id`), never the raw URL, which would carry ids. */
export function routeTemplateOf(request: FastifyRequest): string {
  return request.routeTemplate;
}

/**
 * Works out each request's route template once, for the access check, the metrics and the log
 * (Fastify builds a new `routeOptions` object on every read of it), and names the request's
 * trace by it: the server span is `GET /users/:id`, not a bare `GET`. Must be the first hook.
 */
export function recordRouteTemplates(fastify: FastifyInstance): void {
  fastify.decorateRequest('routeTemplate', UNMATCHED);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    request.routeTemplate = route;
    const span = trace.getActiveSpan();
    if (span) {
      span.setAttribute('http.route', route);
      span.updateName(`${request.method} ${route}`);
    }
    done();
  });
}
