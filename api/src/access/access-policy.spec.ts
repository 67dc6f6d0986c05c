import { isRateLimited, needsApiKey } from './access-policy';

describe('needsApiKey', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'requires a key for %s, whether reads are open or not',
    (method) => {
      expect(needsApiKey(method, '/users', true)).toBe(true);
      expect(needsApiKey(method, '/users', false)).toBe(true);
    },
  );

  it('leaves reads open only when configured so', () => {
    expect(needsApiKey('GET', '/users', true)).toBe(false);
    expect(needsApiKey('HEAD', '/users', true)).toBe(false);
    expect(needsApiKey('GET', '/users', false)).toBe(true);
  });

  it('never requires a key for a CORS preflight', () => {
    expect(needsApiKey('OPTIONS', '/users', false)).toBe(false);
  });

  it.each(['/health/live', '/health/ready', '/docs', '/docs/*', '/docs-json'])(
    'keeps %s open with reads closed',
    (path) => {
      expect(needsApiKey('GET', path, false)).toBe(false);
    },
  );

  it.each(['/healthy', '/documents', '/docs-jsonx', '/users/health'])(
    'does not mistake %s for an open path',
    (path) => {
      expect(needsApiKey('GET', path, false)).toBe(true);
    },
  );
});

describe('isRateLimited', () => {
  it('limits everything but the health probes', () => {
    expect(isRateLimited('/users')).toBe(true);
    expect(isRateLimited('/docs')).toBe(true);
    expect(isRateLimited('/health/live')).toBe(false);
    expect(isRateLimited('/health/ready')).toBe(false);
  });
});
