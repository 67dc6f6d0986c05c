import { errors as cassandraErrors, types as cassandraTypes } from 'cassandra-driver';
import { Neo4jError } from 'neo4j-driver';
import { type StoreName } from './store-probe';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // A name server that did not answer in time: the name may well resolve on the next try.
  'EAI_AGAIN',
]);
// SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many connections,
// disk full, out of memory) and 57P (operator intervention: shutdown).
const POSTGRES_UNAVAILABLE = /^(08|53|57P)/;
const POSTGRES_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection ended/;
// How minio-js reports the statuses it deems transient (408, 429, 499, 5xx), retries or not.
const MINIO_TRANSIENT_STATUS = /Retryable HTTP status: \d+/;
// The codes MinIO answers with a 5xx, as it does for each object a multi-object delete failed on.
const MINIO_SERVER_CODES = new Set([
  'InternalError',
  'ServerBusy',
  'SlowDownRead',
  'SlowDownWrite',
  'RequestTimeout',
  'XMinioServerNotInitialized',
]);
// Cassandra's answers when too few replicas are alive, busy or started to serve a query in time.
const { responseErrorCodes } = cassandraTypes;
const CASSANDRA_REPLICAS_FAILED = new Set<number>([
  responseErrorCodes.unavailableException,
  responseErrorCodes.overloaded,
  responseErrorCodes.isBootstrapping,
  responseErrorCodes.readTimeout,
  responseErrorCodes.writeTimeout,
  responseErrorCodes.readFailure,
  responseErrorCodes.writeFailure,
]);
// The driver's pool timing out: Neo4j accepts no more connections, or answers none in time.
const NEO4J_POOL_TIMEOUT = /Connection acquisition timed out/;
// Neo4j ending a transaction past its timeout, which is the store deadline (neo4j/query-config.ts).
const NEO4J_TRANSACTION_TIMED_OUT = /^Neo\.ClientError\.Transaction\.TransactionTimedOut/;

/**
 * The error codes along `error`'s cause chain. Checked by shape, not `instanceof`: errors from
 * another realm (a VM context, a worker) are objects of other classes.
 */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 5;
    depth++
  ) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    current = cause;
  }
  return codes;
}

const isNetworkError = (error: unknown) => codesOf(error).some((code) => NETWORK_CODES.has(code));

/**
 * Whether `error` means the store could not be reached (as opposed to a query it rejected),
 * so that callers answer 503 instead of blaming the request.
 */
export const isUnavailable: Record<StoreName, (error: unknown) => boolean> = {
  postgres: (error) =>
    isNetworkError(error) ||
    codesOf(error).some((code) => POSTGRES_UNAVAILABLE.test(code)) ||
    (error instanceof Error && POSTGRES_MESSAGES.test(error.message)),
  cassandra: (error) =>
    error instanceof cassandraErrors.NoHostAvailableError ||
    error instanceof cassandraErrors.OperationTimedOutError ||
    error instanceof cassandraErrors.BusyConnectionError ||
    (error instanceof cassandraErrors.ResponseError && CASSANDRA_REPLICAS_FAILED.has(error.code)) ||
    // The connection a query was on broke under it ("Socket was closed").
    (error instanceof cassandraErrors.DriverError &&
      (error as { isSocketError?: boolean }).isSocketError === true),
  // Retriable: unavailable, session expired, or a transient error (DatabaseUnavailable, deadlocks);
  // or past the deadline.
  neo4j: (error) =>
    isNetworkError(error) ||
    Neo4jError.isRetriable(error) ||
    (error instanceof Neo4jError && NEO4J_TRANSACTION_TIMED_OUT.test(error.code)) ||
    (error instanceof Error && NEO4J_POOL_TIMEOUT.test(error.message)),
  // Every Redis failure is an outage from the caller's point of view: it only caches.
  redis: () => true,
  minio: (error) =>
    isNetworkError(error) ||
    codesOf(error).some((code) => MINIO_SERVER_CODES.has(code)) ||
    (error instanceof Error && MINIO_TRANSIENT_STATUS.test(error.message)),
};
