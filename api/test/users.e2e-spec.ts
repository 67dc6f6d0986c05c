import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v7 as uuidv7, version as uuidVersion } from 'uuid';
import { CacheAside } from '../src/cache/cache-aside';
import { encodeIdCursor } from '../src/common/id-cursor';
import { type AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/config.module';
import { UsersRepository } from '../src/users/users.repository';
import { useApp } from './support/app';
import { eventually } from './support/harness';
import {
  type PageBody,
  type ProblemBody,
  type Reply,
  type UserBody,
  client,
  metricValue,
  uniqueEmail,
} from './support/users-and-groups';

describe('users', () => {
  const running = useApp();
  const api = client(running);
  let redis: Redis;

  beforeAll(() => {
    redis = running.app.get(Redis);
  });

  const cacheKey = (id: string) => `cache:{user:${id}}`;
  const cacheRequests = (result: 'hit' | 'miss') =>
    metricValue(running, 'cache_requests_total', { cache: 'user', result });
  const nearCacheHits = () => metricValue(running, 'cache_near_hits_total', { cache: 'user' });
  const userLoads = () =>
    metricValue(running, 'store_operation_duration_seconds', {
      store: 'postgres',
      operation: 'user-find-by-id',
    });

  describe('POST /users', () => {
    it('creates a user with a UUID v7 id and the email lower-cased and trimmed', async () => {
      const email = uniqueEmail();
      const { status, body } = await api.call<UserBody>('POST', '/users', {
        email: `  ${email.toUpperCase()} `,
        name: ' Ada ',
      });
      expect(status).toBe(201);
      expect(body).toEqual({
        id: expect.any(String),
        email,
        name: 'Ada',
        createdAt: expect.any(String),
        updatedAt: body.createdAt,
      });
      expect(uuidVersion(body.id)).toBe(7);
      expect((await api.call<UserBody>('GET', `/users/${body.id}`)).body).toEqual(body);
    });

    it.each([
      ['email', 'an invalid one', { email: 'not-an-email', name: 'Ada' }],
      ['email', 'a missing one', { name: 'Ada' }],
      ['name', 'a blank one', { email: uniqueEmail(), name: '   ' }],
      ['name', 'one of 101 characters', { email: uniqueEmail(), name: 'x'.repeat(101) }],
      ['nickname', 'an unknown field', { email: uniqueEmail(), name: 'Ada', nickname: 'Ada' }],
    ])('answers 400 naming %s for %s', async (field, _case, user) => {
      const { status, body } = await api.call<ProblemBody>('POST', '/users', user);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toContain(field);
    });

    it('answers 409 for an email already in use, whatever its case', async () => {
      const user = await api.createUser();
      const { status, body } = await api.call<ProblemBody>('POST', '/users', {
        email: user.email.toUpperCase(),
        name: 'Twin',
      });
      expect(status).toBe(409);
      expect(body.detail).toContain(user.email);
    });
  });

  describe('GET /users', () => {
    it('walks every user once, in id order, ten at a time, to a last page without nextCursor', async () => {
      // Other tests create users concurrently: start the walk just before ours and look at ours.
      const anchor = await api.createUser();
      const ours: string[] = [];
      for (let i = 0; i < 25; i++) ours.push((await api.createUser(`Walker ${i}`)).id);

      const seen: string[] = [];
      let cursor: string | null = encodeIdCursor(anchor.id);
      let pages = 0;
      while (cursor !== null) {
        const { status, body }: { status: number; body: PageBody<UserBody> } = await api.call(
          'GET',
          `/users?limit=10&cursor=${cursor}`,
        );
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(10);
        if (body.nextCursor !== null) expect(body.items).toHaveLength(10);
        seen.push(...body.items.map((user) => user.id));
        cursor = body.nextCursor;
        pages++;
      }
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => ours.includes(id))).toEqual(ours);
    });

    it('answers the first page without a cursor', async () => {
      await Promise.all([api.createUser(), api.createUser(), api.createUser()]);
      const oldest = await running.app
        .get(DataSource)
        .query<{ id: string }[]>('SELECT id FROM users ORDER BY id LIMIT 2');
      const { status, body } = await api.call<PageBody<UserBody>>('GET', '/users?limit=2');
      expect(status).toBe(200);
      expect(body.items.map((user) => user.id)).toEqual(oldest.map((row) => row.id));
      expect(body.nextCursor).toEqual(expect.any(String));
    });

    it.each([
      ['limit', 'limit=0'],
      ['limit', 'limit=101'],
      ['cursor', 'cursor=not-ours'],
      ['cursor', `cursor=${Buffer.from(JSON.stringify({ after: 'x' })).toString('base64url')}`],
      ['sort', 'sort=name'],
    ])('answers 400 naming %s for ?%s', async (field, query) => {
      const { status, body } = await api.call<ProblemBody>('GET', `/users?${query}`);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toContain(field);
    });
  });

  describe('GET /users/:id', () => {
    it('answers 404 for an unknown id', async () => {
      const { status, body } = await api.call<ProblemBody>('GET', `/users/${uuidv7()}`);
      expect(status).toBe(404);
      expect(body.status).toBe(404);
    });

    it('answers 400 naming id when it is not a UUID', async () => {
      const { status, body } = await api.call<ProblemBody>('GET', '/users/42');
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes only the fields sent and moves updatedAt', async () => {
      const user = await api.createUser('Before');
      // Timestamps are to the millisecond: a PATCH in the same one could not show that it moved.
      await sleep(5);
      const { status, body } = await api.call<UserBody>('PATCH', `/users/${user.id}`, { name: 'After' });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: user.id,
        email: user.email,
        name: 'After',
        createdAt: user.createdAt,
      });
      expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse(user.updatedAt));
      expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body).toEqual(body);
    });

    it('lower-cases a new email', async () => {
      const user = await api.createUser();
      const email = uniqueEmail();
      const { body } = await api.call<UserBody>('PATCH', `/users/${user.id}`, { email: email.toUpperCase() });
      expect(body.email).toBe(email);
    });

    it('answers 409 for an email another user has', async () => {
      const [first, second] = [await api.createUser(), await api.createUser()];
      const { status } = await api.call<ProblemBody>('PATCH', `/users/${second.id}`, { email: first.email });
      expect(status).toBe(409);
      expect((await api.call<UserBody>('GET', `/users/${second.id}`)).body.email).toBe(second.email);
    });

    it.each([
      ['email', { email: null }],
      ['name', { name: null }],
      ['name', { name: '' }],
      ['id', { id: uuidv7() }],
    ])('answers 400 naming %s for %j', async (field, changes) => {
      const user = await api.createUser();
      const { status, body } = await api.call<ProblemBody>('PATCH', `/users/${user.id}`, changes);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toContain(field);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await api.call('PATCH', `/users/${uuidv7()}`, { name: 'Nobody' })).status).toBe(404);
    });
  });

  describe('DELETE /users/:id', () => {
    it('answers 204, then the user is gone and a second delete answers 404', async () => {
      const user = await api.createUser();
      expect((await api.call('DELETE', `/users/${user.id}`)).status).toBe(204);
      expect((await api.call('GET', `/users/${user.id}`)).status).toBe(404);
      expect((await api.call('DELETE', `/users/${user.id}`)).status).toBe(404);
    });

    it('answers 400 naming id when it is not a UUID', async () => {
      const { status, body } = await api.call<ProblemBody>('DELETE', '/users/nope');
      expect(status).toBe(400);
      expect(body.errors?.[0].field).toBe('id');
    });
  });

  describe('UsersRepository for other features', () => {
    it('findExistingIds tells which ids are users, ignoring what is not a UUID', async () => {
      const user = await api.createUser();
      const existing = await running.app
        .get(UsersRepository)
        .findExistingIds([user.id, uuidv7(), uuidv4(), 'not-a-uuid', user.id]);
      expect(existing).toEqual(new Set([user.id]));
    });
  });

  describe('cache', () => {
    // The in-memory copy is kept once the fill has succeeded, which is just after the first
    // answer: reads until one is served from memory, and tells how many it took.
    const readUntilServedFromMemory = async (user: UserBody): Promise<number> => {
      let reads = 0;
      await eventually(
        async () => {
          const nearHits = await nearCacheHits();
          reads += 1;
          expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body).toEqual(user);
          expect(await nearCacheHits()).toBe(nearHits + 1);
        },
        2000,
        10,
      );
      return reads;
    };

    it('misses the first read, fills Redis with the TTL, and serves the next read from process memory', async () => {
      const user = await api.createUser();
      const [hits, misses, nearHits] = [
        await cacheRequests('hit'),
        await cacheRequests('miss'),
        await nearCacheHits(),
      ];

      expect((await api.call('GET', `/users/${user.id}`)).status).toBe(200);
      expect(await cacheRequests('miss')).toBe(misses + 1);
      expect(JSON.parse((await redis.hget(cacheKey(user.id), 'value')) ?? 'null')).toEqual(user);
      const ttl = await redis.ttl(cacheKey(user.id));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(running.app.get<AppConfig>(APP_CONFIG).CACHE_TTL_SECONDS);

      const reads = await readUntilServedFromMemory(user);
      expect(await cacheRequests('hit')).toBe(hits + reads);
      expect(await nearCacheHits()).toBeGreaterThanOrEqual(nearHits + 1);
      expect(await cacheRequests('miss')).toBe(misses + 1);
    });

    it('answers every hit with the very JSON of the miss that filled it, from memory and from Redis', async () => {
      const user = await api.createUser();
      const read = async () => {
        const response = await fetch(`${running.baseUrl}/users/${user.id}`);
        return { type: response.headers.get('content-type'), json: await response.text() };
      };
      const miss = await read();
      expect(miss.type).toBe('application/json; charset=utf-8');
      expect(JSON.parse(miss.json)).toEqual(user);

      await readUntilServedFromMemory(user);
      expect(await read()).toEqual(miss);

      // Another replica's invalidation drops the copy in memory; Redis still holds the entry.
      await redis.incr(`cache-version:{user:${user.id}}`);
      await eventually(
        async () => {
          const [hits, nearHits] = [await cacheRequests('hit'), await nearCacheHits()];
          expect(await read()).toEqual(miss);
          expect(await cacheRequests('hit')).toBe(hits + 1);
          expect(await nearCacheHits()).toBe(nearHits);
        },
        2000,
        10,
      );
    });

    it('keeps a copy read from Redis no longer than Redis keeps the entry', async () => {
      const user = await api.createUser();
      await readUntilServedFromMemory(user);
      // Another replica's invalidation drops this process' copy; the entry has 3 s left, time
      // enough for the read below to be served from Redis on a busy machine.
      await redis.pexpire(cacheKey(user.id), 3000);
      await redis.incr(`cache-version:{user:${user.id}}`);
      await eventually(
        async () => {
          const [hits, nearHits] = [await cacheRequests('hit'), await nearCacheHits()];
          await api.call('GET', `/users/${user.id}`);
          expect(await cacheRequests('hit')).toBe(hits + 1);
          expect(await nearCacheHits()).toBe(nearHits);
        },
        2000,
        10,
      );
      // Redis' expiry tells no one: the copy read from it must go when it does.
      await eventually(async () => expect(await redis.exists(cacheKey(user.id))).toBe(0), 5000, 10);
      // The copy's own expiry was set from Redis' remaining time when the copy was kept, a moment
      // after Redis answered: it may outlive the entry by that moment, no more.
      await eventually(
        async () => {
          const misses = await cacheRequests('miss');
          expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body).toEqual(user);
          expect(await cacheRequests('miss')).toBe(misses + 1);
        },
        500,
        10,
      );
    });

    it('drops its in-memory copy when another process changes the entry in Redis', async () => {
      const user = await api.createUser('Before');
      await api.call('GET', `/users/${user.id}`);
      await readUntilServedFromMemory(user);

      // What another replica's write and refill leave in Redis; only Redis' message tells this one.
      const changed = { ...user, name: 'After' };
      await redis.hset(cacheKey(user.id), 'value', JSON.stringify(changed));
      await redis.incr(`cache-version:{user:${user.id}}`);
      await eventually(
        async () => expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body.name).toBe('After'),
        2000,
        0,
      );
    });

    it('drops the cached user on PATCH, so the next read shows the change', async () => {
      const user = await api.createUser('Cached');
      await api.call('GET', `/users/${user.id}`);
      expect(await redis.exists(cacheKey(user.id))).toBe(1);

      await api.call('PATCH', `/users/${user.id}`, { name: 'Changed' });
      expect(await redis.exists(cacheKey(user.id))).toBe(0);
      expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body.name).toBe('Changed');
    });

    it('drops the cached user on DELETE, so the next read answers 404', async () => {
      const user = await api.createUser();
      await api.call('GET', `/users/${user.id}`);
      await api.call('DELETE', `/users/${user.id}`);
      expect(await redis.exists(cacheKey(user.id))).toBe(0);
      expect((await api.call('GET', `/users/${user.id}`)).status).toBe(404);
    });

    it.each([
      ['PATCH', { name: 'Shouted' }, (body: UserBody) => expect(body.name).toBe('Shouted')],
      ['DELETE', undefined, (_: UserBody, status: number) => expect(status).toBe(404)],
    ] as const)(
      'drops the cached user on a %s naming it in upper case, which names the same entry',
      async (method, body, expectRead) => {
        const user = await api.createUser('Quiet');
        await readUntilServedFromMemory(user);
        expect((await api.call(method, `/users/${user.id.toUpperCase()}`, body)).status).toBeLessThan(300);
        expect(await redis.exists(cacheKey(user.id))).toBe(0);
        const read = await api.call<UserBody>('GET', `/users/${user.id}`);
        expectRead(read.body, read.status);
      },
    );

    it('does one PostgreSQL read for 20 concurrent reads of a cold user', async () => {
      const user = await api.createUser();
      const [loads, misses] = [await userLoads(), await cacheRequests('miss')];
      // The users table locked, so that the reads overlap: the first to reach PostgreSQL waits
      // there until all 20 have arrived, and any other that reached it would wait beside it.
      const lock = running.app.get(DataSource).createQueryRunner();
      await lock.startTransaction();
      let replies: Promise<Reply<UserBody>[]>;
      try {
        await lock.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
        replies = Promise.all(
          Array.from({ length: 20 }, () => api.call<UserBody>('GET', `/users/${user.id}`)),
        );
        await eventually(
          async () =>
            expect(await metricValue(running, 'http_server_requests_in_flight', {})).toBeGreaterThanOrEqual(
              20,
            ),
          5_000,
          10,
        );
        const waitingOnTheLock = async () => {
          const [{ count }] = (await lock.query(
            // Only the sessions this lock holds back, whatever else runs on the server.
            'SELECT count(*)::int AS count FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))',
          )) as [{ count: number }];
          return count;
        };
        await eventually(async () => expect(await waitingOnTheLock()).toBeGreaterThan(0), 5_000, 10);
        // Time for reads that did not join the first to reach PostgreSQL too.
        await sleep(250);
        expect(await waitingOnTheLock()).toBe(1);
      } finally {
        await lock.commitTransaction();
        await lock.release();
      }
      const answered = await replies;
      expect(answered.map((reply) => reply.status)).toEqual(Array(20).fill(200));
      for (const reply of answered) expect(reply.body).toEqual(user);
      expect(await userLoads()).toBe(loads + 1);
      expect(await cacheRequests('miss')).toBe(misses + 1);
    });

    it('does not store a value read before a write that invalidated it meanwhile', async () => {
      const cache = running.app.get(CacheAside);
      const user = await api.createUser();
      let finishLoad!: (value: UserBody) => void;
      let loading!: () => void;
      const loadStarted = new Promise<void>((resolve) => (loading = resolve));
      const staleRead = cache.get('user', user.id, () => {
        loading();
        return new Promise<UserBody>((resolve) => (finishLoad = resolve));
      });
      // The lookup loads once it has read the entry's version: the "write" lands after that.
      await loadStarted;
      await cache.invalidate('user', user.id);
      finishLoad({ ...user, name: 'stale' });
      const read = await staleRead;
      expect(read && JSON.parse(read.json)).toEqual({ ...user, name: 'stale' });
      expect(await redis.exists(cacheKey(user.id))).toBe(0);
      expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body).toEqual(user);
    });
  });
});

describe('users without in-process copies (CACHE_NEAR_MAX_MB=0)', () => {
  const running = useApp({ CACHE_NEAR_MAX_MB: '0' });

  it('serves cached reads from Redis alone, and holds no connection for invalidations', async () => {
    const api = client(running);
    const user = await api.createUser();
    const hitsBefore = await metricValue(running, 'cache_requests_total', { cache: 'user', result: 'hit' });

    for (let read = 0; read < 3; read++)
      expect((await api.call<UserBody>('GET', `/users/${user.id}`)).body).toEqual(user);

    expect(
      await metricValue(running, 'cache_requests_total', { cache: 'user', result: 'hit' }),
    ).toBeGreaterThan(hitsBefore);
    expect(await metricValue(running, 'cache_near_hits_total', { cache: 'user' })).toBe(0);
    const clients = (await running.app.get(Redis).client('LIST')) as string;
    expect(clients).not.toContain('name=summer-trip-api-invalidations');
  });
});
