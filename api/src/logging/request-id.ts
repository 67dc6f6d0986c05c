import { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';

const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy or client may hand us as its id: a short token that cannot forge log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is a sane token (so one id follows
 * a request through proxies and services), else a fresh UUID. The request log takes it from
 * Fastify as `req.id`.
 */
export function requestIdOf(request: { headers: IncomingHttpHeaders }): string {
  const offered = request.headers[REQUEST_ID_HEADER];
  return typeof offered === 'string' && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
}

/** Every response names its request's id, so a client can quote it when reporting a problem. */
export function echoRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
