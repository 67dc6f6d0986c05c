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

  it('blames the request, not the store, for an error without a network code', () => {
    expect(isUnavailable.postgres(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnavailable.minio(new Error('NoSuchKey'))).toBe(false);
  });
});
