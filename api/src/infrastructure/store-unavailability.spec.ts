import { errors as cassandraErrors, types as cassandraTypes } from 'cassandra-driver';
import { Neo4jError } from 'neo4j-driver';
import { runInNewContext } from 'node:vm';
import { isUnavailable } from './store-unavailability';

describe('isUnavailable', () => {
  const refused = (realm: 'same' | 'other') => {
    const error: Error & { code?: string } =
      realm === 'same'
        ? new Error('connect ECONNREFUSED')
        : runInNewContext('new Error("connect ECONNREFUSED")');
    error.code = 'ECONNREFUSED';
    return error;
  };

  it.each(['same', 'other'] as const)(
    'reads a refused connection from the %s realm as an outage',
    (realm) => {
      for (const store of ['postgres', 'neo4j', 'minio'] as const)
        expect(isUnavailable[store](refused(realm))).toBe(true);
    },
  );

  it('finds the code along the cause chain', () => {
    expect(isUnavailable.minio(new Error('upload failed', { cause: refused('other') }))).toBe(true);
  });

  it('reads a status MinIO answers when overloaded or failing as an outage, retried or not', () => {
    for (const status of [429, 500, 503])
      expect(
        isUnavailable.minio(
          new Error(`Request failed after 0 retries: Error: Retryable HTTP status: ${status}`),
        ),
      ).toBe(true);
  });

  it('reads a failed multi-object delete as an outage when MinIO answered it with a server error', () => {
    const failed = (code: string) =>
      new Error('MinIO could not remove objects', { cause: { code } }) as Error & { cause: unknown };
    expect(isUnavailable.minio(failed('SlowDownWrite'))).toBe(true);
    expect(isUnavailable.minio(failed('AccessDenied'))).toBe(false);
  });

  it('reads replicas that are down, busy or too slow, and a broken connection, as a Cassandra outage', () => {
    const { responseErrorCodes: codes } = cassandraTypes;
    for (const code of [codes.unavailableException, codes.overloaded, codes.writeTimeout, codes.readTimeout])
      expect(isUnavailable.cassandra(new cassandraErrors.ResponseError(code, 'replicas'))).toBe(true);
    // A connection broken under a query is a DriverError marked isSocketError (connection.js);
    // the typings make DriverError abstract, so one of its subclasses stands in.
    const closed = Object.assign(new cassandraErrors.ArgumentError('Socket was closed'), {
      isSocketError: true,
    });
    expect(isUnavailable.cassandra(closed)).toBe(true);
    expect(isUnavailable.cassandra(new cassandraErrors.ResponseError(codes.invalid, 'bad query'))).toBe(
      false,
    );
    expect(isUnavailable.cassandra(new cassandraErrors.ArgumentError('no such keyspace'))).toBe(false);
  });

  it('reads a transient Neo4j error, a pool that hands out no connection and a timed-out transaction as an outage', () => {
    const neo4jError = (message: string, code: string) => new Neo4jError(message, code, '50N42', 'error');
    expect(isUnavailable.neo4j(neo4jError('busy', 'Neo.TransientError.General.DatabaseUnavailable'))).toBe(
      true,
    );
    expect(isUnavailable.neo4j(neo4jError('Connection acquisition timed out in 5000 ms.', 'N/A'))).toBe(true);
    const timedOut = 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration';
    expect(isUnavailable.neo4j(neo4jError('The transaction has been terminated.', timedOut))).toBe(true);
    expect(isUnavailable.neo4j(neo4jError('bad', 'Neo.ClientError.Statement.SyntaxError'))).toBe(false);
  });

  it('reads PostgreSQL refusing connections, short of resources or shutting down as an outage', () => {
    const postgresError = (code: string) => Object.assign(new Error('refused'), { code });
    for (const code of ['08006', '53300', '53100', '57P01'])
      expect(isUnavailable.postgres(postgresError(code))).toBe(true);
  });

  it('blames the request, not the store, for an error without a network code', () => {
    expect(isUnavailable.postgres(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnavailable.minio(new Error('NoSuchKey'))).toBe(false);
  });
});
