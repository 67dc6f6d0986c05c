import { trace } from '@opentelemetry/api';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type IncomingMessage } from 'node:http';

const UNMATCHED = 'unmatched';

// Keyed by the raw request: the request log (pino-http) only ever sees that one.
const templates = new WeakMap<IncomingMessage, string>();

/** The route template (`/users/:id`), never the raw URL, which would carry ids. */
export function routeTemplateOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED;
}

/** The route template recorded for a raw request by `recordRouteTemplates`. */
export function recordedRouteTemplate(request: IncomingMessage): string {
  return templates.get(request) ?? UNMATCHED;
}

/**
 * Makes each request's route template known to the request log and to its trace: the server
 * span is named `GET /users/:id` instead of a bare `GET`.
 */
export function recordRouteTemplates(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = routeTemplateOf(request);
    templates.set(request.raw, route);
    const span = trace.getActiveSpan();
    span?.setAttribute('http.route', route);
    span?.updateName(`${request.method} ${route}`);
    done();
  });
}
