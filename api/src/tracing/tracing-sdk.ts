import {
  INVALID_SPAN_CONTEXT,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
  context,
  trace,
} from '@opentelemetry/api';
import { CassandraDriverInstrumentation } from '@opentelemetry/instrumentation-cassandra-driver';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { type IncomingMessage } from 'node:http';

const DEFAULT_SERVICE_NAME = 'summer-trip-api';
// Probes and scrapes arrive every few seconds and would bury the traces of real requests.
const UNTRACED_PATHS = ['/health/', '/metrics'];

/**
 * Starts the OpenTelemetry SDK, configured by the standard OTEL_* variables (exporter protocol,
 * sampler, batch delays, resource attributes). Must run before the drivers are first required,
 * because the instrumentations patch them as they load.
 */
export function startSdk(env: NodeJS.ProcessEnv): NodeSDK {
  const cassandra = new CassandraDriverInstrumentation();
  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME, read by the SDK's resource detection, wins when set.
    serviceName: env.OTEL_SERVICE_NAME ? undefined : DEFAULT_SERVICE_NAME,
    // Metrics are Prometheus' (the metrics port) and logs go to stdout: only traces go over OTLP.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.some((path) => request.url?.startsWith(path)),
        // Outgoing calls (MinIO's S3 requests) are traced as part of a request, not on their own.
        requireParentforOutgoingSpans: true,
      }),
      // A store call outside any request (the outbox relay's polling) would be a trace of its own.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      cassandra,
    ],
  });
  sdk.start();
  cassandra.setTracerProvider(requiringParentSpan(trace.getTracerProvider()));
  return sdk;
}

/**
 * pg's and ioredis' `requireParentSpan`, which Cassandra's instrumentation lacks: without a span
 * to hang below (start-up, readiness probes, the outbox relay) a query makes none, rather than a
 * trace of its own every few seconds.
 */
function requiringParentSpan(provider: TracerProvider): TracerProvider {
  return {
    getTracer: (...args) => {
      const tracer = provider.getTracer(...args);
      // Derived rather than wrapped: startActiveSpan calls this.startSpan, so it is covered too.
      return Object.assign(Object.create(tracer) as Tracer, {
        startSpan: (name: string, options?: SpanOptions, parent = context.active()) =>
          trace.getSpan(parent) === undefined
            ? trace.wrapSpanContext(INVALID_SPAN_CONTEXT)
            : tracer.startSpan(name, options, parent),
      });
    },
  };
}
