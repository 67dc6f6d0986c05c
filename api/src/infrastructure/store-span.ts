import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type StoreName } from './store-probe';

const tracer = trace.getTracer('summer-trip-api');

/**
 * Attributes of the stores that no OpenTelemetry instrumentation library covers; PostgreSQL,
 * Redis and Cassandra get their spans from theirs (tracing/tracing-sdk.ts), so none here.
 */
const UNINSTRUMENTED_STORES: Partial<Record<StoreName, Attributes>> = {
  neo4j: { 'db.system.name': 'neo4j' },
  // MinIO speaks S3; its HTTP requests appear as children of this span.
  minio: { 'db.system.name': 'minio', 'rpc.system': 'aws-api', 'rpc.service': 'S3' },
};

/**
 * Runs a store call inside a client span named after its operation, when the store has no
 * instrumentation library and the call is part of a traced request (a call outside any trace,
 * as the outbox relay makes, would otherwise start a trace of its own).
 */
export function inStoreSpan<T>(store: StoreName, operation: string, call: () => Promise<T>): Promise<T> {
  const attributes = UNINSTRUMENTED_STORES[store];
  if (!attributes || !trace.getActiveSpan()) return call();
  return tracer.startActiveSpan(
    `${store} ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { ...attributes, 'db.operation.name': operation } },
    async (span) => {
      try {
        return await call();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
