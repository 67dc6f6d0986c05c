import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { REDIS_RETRY_AFTER_MS } from '../src/infrastructure/redis/redis-breaker';
import { useApp } from './support/app';
import { freePort } from './support/free-port';
import { eventually, stores } from './support/harness';
import { type GroupBody, type UserBody, client, metricValue } from './support/users-and-groups';

// The shared Redis stays up for everyone else: this app is pointed at a port where none listens.
describe('cache while Redis is unreachable', () => {
  const running = useApp(async () => ({ REDIS_PORT: String(await freePort()) }));
  const api = client(running);

  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    expect(Date.now() - started).toBeLessThan(1000);
    return result;
  };

  it('reads, changes and deletes users from PostgreSQL alone, without waiting for Redis', async () => {
    const user = await api.createUser('Degraded');
    expect(await timed(() => api.call<UserBody>('GET', `/users/${user.id}`))).toEqual({
      status: 200,
      body: user,
    });
    const changed = await timed(() =>
      api.call<UserBody>('PATCH', `/users/${user.id}`, { name: 'Still here' }),
    );
    expect(changed.status).toBe(200);
    expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body.name).toBe('Still here');
    expect((await timed(() => api.call('DELETE', `/users/${user.id}`))).status).toBe(204);
    expect((await api.call('GET', `/users/${user.id}`)).status).toBe(404);
  });

  it('reads groups from PostgreSQL alone', async () => {
    const group = await api.createGroup((await api.createUser()).id);
    expect(await timed(() => api.call<GroupBody>('GET', `/groups/${group.id}`))).toEqual({
      status: 200,
      body: group,
    });
  });

  it('counts a Redis failure, skips Redis for a second after it, and counts every lookup as a miss', async () => {
    const errors = (operation: string) =>
      metricValue(running, 'store_operation_errors_total', {
        store: 'redis',
        operation,
        reason: 'unavailable',
      });
    const [reads, invalidations] = [await errors('cache-read'), await errors('cache-invalidate')];
    const misses = await metricValue(running, 'cache_requests_total', { cache: 'user', result: 'miss' });
    const user = await api.createUser();
    // Redis has just failed (the creation's invalidation among others): the next read tries it
    // once a little more than this has passed.
    await sleep(REDIS_RETRY_AFTER_MS + 200);
    await api.call('GET', `/users/${user.id}`);
    await api.call('GET', `/users/${user.id}`);
    await api.call('PATCH', `/users/${user.id}`, { name: 'Changed' });
    // The second read came within a second of the first one's failure; an invalidation is always sent.
    expect(await errors('cache-read')).toBe(reads + 1);
    expect(await errors('cache-invalidate')).toBe(invalidations + 1);
    expect(await metricValue(running, 'cache_requests_total', { cache: 'user', result: 'miss' })).toBe(
      misses + 2,
    );
  });
});

// The shared Redis itself, paused as a hung server is, and resumed whatever the test's outcome.
describe('cache while Redis hangs', () => {
  // Declared before the app, so that Redis is back before the app closes (hooks run in that order).
  afterAll(() => stores('resume', 'redis'));
  const running = useApp();
  const api = client(running);

  it('waits out one read, reads PostgreSQL alone after it, and has Redis apply a write sent meanwhile once it resumes', async () => {
    const redis = running.app.get(Redis);
    const cached = await api.createUser('Before');
    expect((await api.call<UserBody>('GET', `/users/${cached.id}`)).body).toEqual(cached);
    await eventually(async () => expect(await redis.exists(`cache:{user:${cached.id}}`)).toBe(1), 5000, 10);
    const cold = await Promise.all(Array.from({ length: 10 }, () => api.createUser()));
    const timedOutReads = () =>
      metricValue(running, 'store_operation_errors_total', {
        store: 'redis',
        operation: 'cache-read',
        reason: 'unavailable',
      });
    const before = await timedOutReads();

    await stores('pause', 'redis');
    try {
      for (const user of cold)
        expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body).toEqual(user);
      // The first read waits out REDIS_TIMEOUT_MS; the next ones skip Redis, but for one a second.
      expect((await timedOutReads()) - before).toBeGreaterThanOrEqual(1);
      expect((await timedOutReads()) - before).toBeLessThanOrEqual(3);
      expect((await api.call('PATCH', `/users/${cached.id}`, { name: 'After' })).status).toBe(200);
    } finally {
      await stores('resume', 'redis');
    }

    // The invalidation reached Redis' socket before it hung: Redis applies it on resuming, and
    // the entry holding the old name is gone.
    await eventually(async () => expect(await redis.exists(`cache:{user:${cached.id}}`)).toBe(0), 5000, 10);
    expect((await api.call<UserBody>('GET', `/users/${cached.id}`)).body.name).toBe('After');
  });
});
