import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type Socket } from 'node:net';

const UNANSWERED = Symbol('unanswered requests');

type TrackedSocket = Socket & { [UNANSWERED]?: Set<FastifyRequest> };

/**
 * Tells its listeners of each request whose client closed the connection before the answer was
 * complete, which no onResponse hook sees. Tracked per connection, with one `close` listener
 * each: Fastify's onRequestAbort hook adds one to every request, a cost on every answer.
 */
export class AbortedRequests {
  private readonly listeners: ((request: FastifyRequest) => void)[] = [];

  constructor(fastify: FastifyInstance) {
    fastify.server.on('connection', (socket: TrackedSocket) => {
      const unanswered = new Set<FastifyRequest>();
      socket[UNANSWERED] = unanswered;
      socket.once('close', () => {
        for (const request of unanswered) for (const listener of this.listeners) listener(request);
      });
    });
    fastify.addHook('onRequest', (request, _reply, done) => {
      (request.raw.socket as TrackedSocket)[UNANSWERED]?.add(request);
      done();
    });
    fastify.addHook('onResponse', (request, _reply, done) => {
      (request.raw.socket as TrackedSocket)[UNANSWERED]?.delete(request);
      done();
    });
  }

  onAbort(listener: (request: FastifyRequest) => void): void {
    this.listeners.push(listener);
  }
}
