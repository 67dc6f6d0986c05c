import {
  type InvalidationListener,
  type RedisInvalidations,
} from '../infrastructure/redis/redis-invalidations';
import { NearCache } from './near-cache';

/** Redis' invalidation messages, sent by hand. */
class Invalidations {
  tracking = true;
  private listener: InvalidationListener = () => undefined;
  onInvalidate(listener: InvalidationListener): void {
    this.listener = listener;
  }
  send(keys: string[] | null): void {
    this.listener(keys);
  }
}

const TTL = { ttlMs: 60_000, bytes: 10 };

describe('NearCache', () => {
  let invalidations: Invalidations;
  let near: NearCache;
  beforeEach(() => {
    invalidations = new Invalidations();
    near = new NearCache(invalidations as unknown as RedisInvalidations, 'v:', 1);
  });

  const fill = (tag: string, part: string, value: unknown) =>
    near.end(tag, near.begin(tag), { part, value, ...TTL });

  it('keeps what a lookup found and serves every part of an entry', () => {
    fill('{user:1}', 'value', { name: 'Ada' });
    fill('{conversation:1}', 'page-a', ['a']);
    fill('{conversation:1}', 'page-b', ['b']);
    expect(near.get('{user:1}', 'value')).toEqual({ name: 'Ada' });
    expect([near.get('{conversation:1}', 'page-a'), near.get('{conversation:1}', 'page-b')]).toEqual([
      ['a'],
      ['b'],
    ]);
  });

  it('drops all parts of an entry when Redis says its version key changed', () => {
    fill('{conversation:1}', 'page-a', ['a']);
    fill('{conversation:2}', 'page-a', ['other']);
    invalidations.send(['v:{conversation:1}', 'unrelated']);
    expect(near.get('{conversation:1}', 'page-a')).toBeUndefined();
    expect(near.get('{conversation:2}', 'page-a')).toEqual(['other']);
  });

  it('keeps nothing from a lookup its entry was invalidated during, whichever came first', () => {
    const early = near.begin('{user:1}');
    near.drop('{user:1}');
    near.end('{user:1}', early, { part: 'value', value: 'stale', ...TTL });
    expect(near.get('{user:1}', 'value')).toBeUndefined();

    const flushed = near.begin('{user:1}');
    invalidations.send(null);
    near.end('{user:1}', flushed, { part: 'value', value: 'stale', ...TTL });
    expect(near.get('{user:1}', 'value')).toBeUndefined();
  });

  it('forgets everything on a flush, and keeps nothing while invalidations are not heard', () => {
    fill('{user:1}', 'value', 'kept');
    invalidations.send(null);
    expect(near.get('{user:1}', 'value')).toBeUndefined();

    invalidations.tracking = false;
    fill('{user:2}', 'value', 'unheard');
    expect(near.get('{user:2}', 'value')).toBeUndefined();
    const startedUnheard = near.begin('{user:3}');
    invalidations.tracking = true;
    near.end('{user:3}', startedUnheard, { part: 'value', value: 'maybe stale', ...TTL });
    expect(near.get('{user:3}', 'value')).toBeUndefined();
  });

  it('holds no more than its bound in JSON bytes, the least recently used going first', () => {
    const mib = 1024 * 1024;
    const keep = (id: string) =>
      near.end(`{user:${id}}`, near.begin(`{user:${id}}`), {
        part: 'value',
        value: id,
        bytes: 0.4 * mib,
        ttlMs: 60_000,
      });
    keep('1');
    keep('2');
    near.get('{user:1}', 'value');
    keep('3');
    expect(['1', '2', '3'].map((id) => near.get(`{user:${id}}`, 'value'))).toEqual(['1', undefined, '3']);
  });

  it('drops every part of an entry even after some were evicted', () => {
    const mib = 1024 * 1024;
    const keep = (tag: string, part: string) =>
      near.end(tag, near.begin(tag), { part, value: part, bytes: 0.4 * mib, ttlMs: 60_000 });
    keep('{conversation:1}', 'page-a');
    keep('{conversation:1}', 'page-b');
    keep('{user:1}', 'value');
    expect(near.get('{conversation:1}', 'page-a')).toBeUndefined();
    expect(near.get('{conversation:1}', 'page-b')).toBe('page-b');

    invalidations.send(['v:{conversation:1}']);
    expect(near.get('{conversation:1}', 'page-b')).toBeUndefined();
    expect(near.get('{user:1}', 'value')).toBe('value');
  });
});
