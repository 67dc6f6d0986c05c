import { createHash } from 'node:crypto';
import { ApiKeys, bearerTokenOf } from './api-keys';

describe('ApiKeys', () => {
  const first = 'first-key-0123456789abcdef';
  const second = 'second-key-fedcba9876543210';
  const keys = new ApiKeys([first, second]);

  it('accepts each configured key, each with its own id', () => {
    const ids = [keys.identify(first), keys.identify(second)];
    expect(ids[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{16}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('gives a key the same id every time and never the key itself', () => {
    const id = keys.identify(first);
    expect(id).toBe(new ApiKeys([second, first]).identify(first));
    expect(id).toBe(createHash('sha256').update(first).digest().subarray(0, 8).toString('hex'));
    expect(first).not.toContain(id);
  });

  it.each([
    ['a prefix of a key', first.slice(0, -1)],
    ['a key with more after it', `${first}x`],
    ['two keys joined', `${first},${second}`],
    ['a key in another case', first.toUpperCase()],
    ['the empty string', ''],
  ])('rejects %s', (_what, candidate) => {
    expect(keys.identify(candidate)).toBeUndefined();
  });

  it('is disabled without keys and matches nothing then', () => {
    const none = new ApiKeys([]);
    expect(none.enabled).toBe(false);
    expect(keys.enabled).toBe(true);
    expect(none.identify('')).toBeUndefined();
  });
});

describe('bearerTokenOf', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer  abc ', 'abc'],
  ])('reads the token of %j', (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc'])(
    'finds no token in %j',
    (header) => {
      expect(bearerTokenOf(header)).toBeUndefined();
    },
  );
});
