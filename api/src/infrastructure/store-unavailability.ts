import { errors as cassandraErrors } from 'cassandra-driver';
import { Neo4jError } from 'neo4j-driver';
import { type StoreName } from './store-probe';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown).
const POSTGRES_UNAVAILABLE = /^(08|57P)/;
const POSTGRES_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection ended/;
// How minio-js reports the statuses it deems transient (408, 429, 499, 5xx), retries or not.
const MINIO_TRANSIENT_STATUS = /Retryable HTTP status: \d+/;

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
    error instanceof cassandraErrors.BusyConnectionError,
  neo4j: (error) =>
    isNetworkError(error) ||
    (error instanceof Neo4jError && ['ServiceUnavailable', 'SessionExpired'].includes(error.code)),
  // Every Redis failure is an outage from the caller's point of view: it only caches.
  redis: () => true,
  minio: (error) =>
    isNetworkError(error) || (error instanceof Error && MINIO_TRANSIENT_STATUS.test(error.message)),
};
