import { type RunningApp, startAppWith } from './support/app';
import { freePort } from './support/free-port';
import { type GroupBody, type UserBody, client, metricValue } from './support/users-and-groups';

// The shared Redis stays up for everyone else: this app is pointed at a port where none listens.
describe('cache while Redis is unreachable', () => {
  let running: RunningApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    running = await startAppWith({ REDIS_PORT: String(await freePort()) });
    api = client(running);
  });
  afterAll(async () => {
    await running?.app.close();
  });

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

  it('counts every Redis failure and every lookup as a miss', async () => {
    const errors = (operation: string) =>
      metricValue(running, 'store_operation_errors_total', {
        store: 'redis',
        operation,
        reason: 'unavailable',
      });
    const [reads, invalidations] = [await errors('cache-read'), await errors('cache-invalidate')];
    const misses = await metricValue(running, 'cache_requests_total', { cache: 'user', result: 'miss' });
    const user = await api.createUser();
    await api.call('GET', `/users/${user.id}`);
    await api.call('GET', `/users/${user.id}`);
    await api.call('PATCH', `/users/${user.id}`, { name: 'Changed' });
    expect(await errors('cache-read')).toBe(reads + 2);
    expect(await errors('cache-invalidate')).toBe(invalidations + 1);
    expect(await metricValue(running, 'cache_requests_total', { cache: 'user', result: 'miss' })).toBe(
      misses + 2,
    );
  });
});
