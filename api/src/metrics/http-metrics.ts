import { Injectable } from '@nestjs/common';
import { type FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type AbortedRequests } from '../common/aborted-requests';
import { routeTemplateOf } from '../common/route-template';

type Labels = 'method' | 'route' | 'status_class';

/**
 * RED metrics of every HTTP request, labelled by route template (never the raw URL, which
 * would carry ids) and status class, so the series stay few whatever the traffic.
 */
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<Labels>;
  private readonly requests: Counter<Labels>;
  private readonly aborted: Counter<'method' | 'route'>;
  private readonly inFlight: Gauge;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP requests, from arrival to the last byte of the response',
      labelNames: ['method', 'route', 'status_class'],
      // Hot reads answer in about a millisecond; uploads and cold paths take longer.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.requests = new Counter({
      name: 'http_server_requests_total',
      help: 'HTTP requests answered',
      labelNames: ['method', 'route', 'status_class'],
      registers: [registry],
    });
    this.aborted = new Counter({
      name: 'http_server_requests_aborted_total',
      help: 'HTTP requests whose client left before the answer was complete',
      labelNames: ['method', 'route'],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'http_server_requests_in_flight',
      help: 'HTTP requests being served',
      registers: [registry],
    });
  }

  /** Hooks into Fastify before Nest registers its routes, so every route is measured. */
  attach(fastify: FastifyInstance, aborts: AbortedRequests): void {
    fastify.addHook('onRequest', (_request, _reply, done) => {
      this.inFlight.inc();
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      this.inFlight.dec();
      const labels = {
        method: request.method,
        route: routeTemplateOf(request),
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      };
      this.requests.inc(labels);
      this.duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
    aborts.onAbort((request) => {
      this.inFlight.dec();
      this.aborted.inc({ method: request.method, route: routeTemplateOf(request) });
    });
  }
}
