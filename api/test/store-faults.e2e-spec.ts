import { randomBytes } from 'node:crypto';
import { globalAgent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Driver } from 'neo4j-driver';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { validate as isUuid, v7 as uuidv7 } from 'uuid';
import { type AppConfig } from '../src/config/app-config';
import { StoreUnavailableError } from '../src/common/store-unavailable.error';
import { APP_CONFIG } from '../src/config/config.module';
import { OrphanSweeper, type SweepResult } from '../src/files/orphan-sweeper';
import { readGraphPage } from '../src/infrastructure/neo4j/graph-page';
import { NEO4J_DRIVER } from '../src/infrastructure/neo4j/neo4j.module';
import { StoreOperations } from '../src/infrastructure/store-operations';
import { type RunningApp, startAppWith, useApp } from './support/app';
import { type FileBody, sha256, storedFiles, uploadFile } from './support/file-uploads';
import { type Store, eventually, outboxDelivered, stores } from './support/harness';
import { type PageBody, type ProblemBody, type Reply, client, uniqueEmail } from './support/users-and-groups';

/*
 * Each store in turn fails while clients keep sending a steady mix of requests over every
 * store's routes: first stopped with the harness (connections refused), then frozen (its
 * processes paused: connections stay open and nothing answers, as a hung server does). A route
 * answers 503 naming the failed store when it needs that store and 2xx when it does not;
 * readiness names the store; once it is back, everything answers again without restarting the
 * API, and every write the API accepted (answered 2xx) is found in every store it belongs in,
 * every deletion it accepted in none.
 */

type Fault = 'stopped' | 'frozen';
const STORES: Store[] = ['postgres', 'cassandra', 'neo4j', 'redis', 'minio'];
const FAULTS = (['stopped', 'frozen'] as const).flatMap((fault) =>
  STORES.map((store): [Fault, Store] => [fault, store]),
);
const CLIENTS = 4;
/** How long the mix runs against a failed store, and against all stores once it is back. */
const JUDGED_WINDOW_MS = 8000;
/** The deadline of a call to a store but Redis, shorter than deployed so that the suite is. */
const STORE_TIMEOUT_MS = 1500;
/**
 * A request to a failed store must fail within this, not hang: the longest connect timeout
 * (Neo4j's 2 s) for a stopped one, the deadline for a frozen one.
 */
const ANSWER_WITHIN_MS = 3000;
/**
 * Longer than the suite, so that the cached user and group cannot expire during a PostgreSQL
 * outage: at the 60 s default they did in one run, and the routes reading them answered 503.
 */
const CACHE_TTL_SECONDS = 3600;

type Phase = { kind: 'healthy' } | { kind: 'fault'; fault: Fault; store: Store } | { kind: 'transition' };

interface Outcome {
  probe: string;
  needs: Store[];
  cached: boolean;
  phase: Phase;
  status: number;
  store?: string;
  ms: number;
}

interface Probe {
  name: string;
  /** The stores this route cannot answer without; a user or group it reads comes from the cache. */
  needs: Store[];
  /**
   * A page the cache may hold: while a store it needs is down, the route answers 2xx from the
   * cache when the last write before the outage left the page cached, else 503 naming the store.
   */
  cached?: true;
  send: () => Promise<{ status: number; body?: unknown }>;
}

describe('store faults under steady load', () => {
  // Declared before the app, so that the load stops before the app closes (hooks run in that order).
  afterAll(async () => {
    sending = false;
    await load;
    report();
  });
  const running = useApp({
    // Thousands of expected 503s are each logged as a warning; errors still show.
    LOG_LEVEL: 'error',
    STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
    CACHE_TTL_SECONDS: String(CACHE_TTL_SECONDS),
  });
  const api = client(running);
  let phase: Phase = { kind: 'healthy' };
  const outcomes: Outcome[] = [];
  const accepted = {
    users: [] as string[],
    messages: [] as string[],
    notifications: [] as string[],
    friends: [] as string[],
    members: [] as string[],
    files: [] as { key: string; sha256: string }[],
    deletedUsers: [] as string[],
    deletedGroups: [] as string[],
  };
  let user: string;
  let stranger: string;
  let group: string;
  let conversation: string;
  let fileKey: string;
  let sending = true;
  let load: Promise<void>;
  let swept: SweepResult | undefined;

  const json = async (response: Response) => {
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${running.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(json);
  /** Writes answered otherwise than 2xx, by kind: one whose answer was lost may still have landed. */
  const unanswered = new Map<unknown[], number>();
  const recorded =
    <T>(list: T[], pick: (body: never) => T) =>
    (reply: { status: number; body?: unknown }) => {
      if (reply.status >= 200 && reply.status < 300) list.push(pick(reply.body as never));
      else unanswered.set(list, (unanswered.get(list) ?? 0) + 1);
      return reply;
    };

  /**
   * Creates what it then deletes, so that the deletion takes nothing the other probes use; a
   * creation that fails is the answer.
   */
  const deletionOfNew = (path: string, body: () => object, deleted: string[]) => async () => {
    const created = await call('POST', path, body());
    if (created.status !== 201) return created;
    const { id } = created.body as { id: string };
    return call('DELETE', `${path}/${id}`).then(recorded(deleted, () => id));
  };

  /**
   * In an order where probes of one store seldom follow each other (PostgreSQL's, which most
   * routes need, at most two in a row; Neo4j's three graph reads): a client held up to the
   * deadline on each probe of a frozen store still reaches the other stores' probes within the
   * judged window.
   */
  function probes(): Probe[] {
    return [
      {
        name: 'POST /users',
        needs: ['postgres'],
        send: () =>
          call('POST', '/users', { email: uniqueEmail(), name: 'Fault Tester' }).then(
            recorded(accepted.users, (body: { id: string }) => body.id),
          ),
      },
      {
        name: 'POST /messages',
        needs: ['cassandra'],
        send: () =>
          call('POST', '/messages', {
            conversationId: conversation,
            senderId: user,
            body: 'still there?',
          }).then(recorded(accepted.messages, (body: { id: string }) => body.id)),
      },
      { name: 'GET /users', needs: ['postgres'], send: () => call('GET', '/users?limit=5') },
      { name: 'GET /users/:id', needs: [], send: () => call('GET', `/users/${user}`) },
      {
        // Of a user never befriended: it removes nothing that the check of accepted writes looks for.
        name: 'DELETE /users/:id/friends/:friendId',
        needs: ['neo4j', 'postgres'],
        send: () => call('DELETE', `/users/${user}/friends/${stranger}`),
      },
      {
        name: 'PUT /groups/:id/members/:userId',
        needs: ['postgres'],
        send: async () => {
          const member = accepted.users.at(-1);
          if (!member) return { status: 204 };
          return call('PUT', `/groups/${group}/members/${member}`).then(
            recorded(accepted.members, (body: { userId: string }) => body.userId),
          );
        },
      },
      {
        name: 'GET /messages/:id',
        needs: ['cassandra'],
        cached: true,
        send: () => call('GET', `/messages/${conversation}`),
      },
      {
        // Another user than the one the mix reads from the cache, which this would invalidate.
        name: 'PATCH /users/:id',
        needs: ['postgres'],
        send: async () => {
          const other = accepted.users.at(-1);
          if (!other) return { status: 204 };
          return call('PATCH', `/users/${other}`, { name: 'Renamed Tester' });
        },
      },
      { name: 'GET /groups/:id', needs: [], send: () => call('GET', `/groups/${group}`) },
      {
        name: 'DELETE /groups/:id',
        needs: ['postgres'],
        send: deletionOfNew(
          '/groups',
          () => ({ name: 'Doomed Group', ownerId: user }),
          accepted.deletedGroups,
        ),
      },
      {
        name: 'PUT /users/:id/friends/:friendId',
        needs: ['neo4j', 'postgres'],
        send: async () => {
          const friend = accepted.users.at(-1);
          if (!friend) return { status: 204 };
          return call('PUT', `/users/${user}/friends/${friend}`).then(
            recorded(accepted.friends, (body: { id: string }) => body.id),
          );
        },
      },
      {
        name: 'POST /notifications',
        needs: ['cassandra'],
        send: () =>
          call('POST', '/notifications', { userId: user, type: 'trip.update', message: 'on time' }).then(
            recorded(accepted.notifications, (body: { id: string }) => body.id),
          ),
      },
      {
        name: 'GET /users/:id/friends',
        needs: ['neo4j', 'postgres'],
        cached: true,
        send: () => call('GET', `/users/${user}/friends`),
      },
      {
        name: 'GET /groups/:id/members',
        needs: ['neo4j'],
        send: () => call('GET', `/groups/${group}/members`),
      },
      {
        name: 'GET /users/:id/groups',
        needs: ['neo4j'],
        send: () => call('GET', `/users/${user}/groups`),
      },
      {
        name: 'GET /notifications/:userId',
        needs: ['cassandra'],
        send: () => call('GET', `/notifications/${user}`),
      },
      {
        name: 'POST /storage/upload',
        needs: ['postgres', 'minio'],
        send: async () => {
          const bytes = randomBytes(2048);
          const reply = await uploadFile(running, bytes, { query: `?ownerId=${user}` }).then(json);
          return recorded(accepted.files, (body: FileBody) => ({ key: body.key, sha256: sha256(bytes) }))(
            reply,
          );
        },
      },
      {
        name: 'PATCH /notifications/:userId/:id/read',
        needs: ['cassandra'],
        send: async () => {
          const notification = accepted.notifications.at(-1);
          if (!notification) return { status: 204 };
          return call('PATCH', `/notifications/${user}/${notification}/read`);
        },
      },
      {
        name: 'DELETE /users/:id',
        needs: ['postgres'],
        send: deletionOfNew(
          '/users',
          () => ({ email: uniqueEmail(), name: 'Doomed Tester' }),
          accepted.deletedUsers,
        ),
      },
      {
        name: 'GET /storage/download/:key',
        needs: ['postgres', 'minio'],
        send: async () => {
          const response = await fetch(`${running.baseUrl}/storage/download/${fileKey}`);
          if (response.ok) return { status: response.status, body: await response.arrayBuffer() };
          return json(response);
        },
      },
      {
        name: 'GET /notifications/:userId/unread-count',
        needs: ['cassandra'],
        send: () => call('GET', `/notifications/${user}/unread-count`),
      },
      {
        name: 'GET /storage/files?ownerId',
        needs: ['postgres'],
        send: () => call('GET', `/storage/files?ownerId=${user}&limit=5`),
      },
      {
        name: 'POST /notifications/:userId/read-all',
        needs: ['cassandra'],
        send: () => call('POST', `/notifications/${user}/read-all`),
      },
      {
        name: 'GET /storage/files/:key',
        needs: ['postgres'],
        send: () => call('GET', `/storage/files/${fileKey}`),
      },
    ];
  }

  async function steadyClient(mix: Probe[], offset: number): Promise<void> {
    for (let turn = offset; sending; turn++) {
      const probe = mix[turn % mix.length];
      const before = phase;
      const started = Date.now();
      const reply = await probe
        .send()
        .catch((error: Error) => ({ status: 0, body: { detail: error.message } }));
      // A request that saw a store stop or start is judged by neither state.
      const judged = phase === before ? before : ({ kind: 'transition' } as const);
      outcomes.push({
        probe: probe.name,
        needs: probe.needs,
        cached: probe.cached ?? false,
        phase: judged,
        status: reply.status,
        store: (reply.body as ProblemBody | undefined)?.store,
        ms: Date.now() - started,
      });
    }
  }

  const ready = () => call('GET', '/health/ready') as Promise<{ status: number; body: { error?: object } }>;
  /**
   * The user and group the mix reads sit in the cache, as hot ones do, for a store's outage:
   * read again after a Redis outage emptied it, and never expiring while the suite runs.
   */
  const warmCache = async () => {
    expect((await call('GET', `/users/${user}`)).status).toBe(200);
    expect((await call('GET', `/groups/${group}`)).status).toBe(200);
  };

  beforeAll(async () => {
    user = (await api.createUser('Fault Owner')).id;
    stranger = (await api.createUser('Fault Stranger')).id;
    group = (await api.createGroup(user)).id;
    conversation = uuidv7();
    const file = await uploadFile(running, randomBytes(4096), { query: `?ownerId=${user}` }).then(json);
    fileKey = (file.body as FileBody).key;
    const mix = probes();
    load = Promise.all(Array.from({ length: CLIENTS }, (_, index) => steadyClient(mix, index * 3))).then(
      () => {},
    );
  });

  it.each(FAULTS)(
    '%s %s: its routes answer 503 naming it, the others 2xx, readiness names it, then all recover',
    async (fault, store) => {
      await warmCache();
      phase = { kind: 'transition' };
      await stores(fault === 'stopped' ? 'down' : 'pause', store);
      try {
        await eventually(async () => {
          const { status, body } = await ready();
          expect(status).toBe(503);
          expect(Object.keys(body.error ?? {})).toEqual([store]);
        }, 10_000);
        phase = { kind: 'fault', fault, store };
        await sleep(JUDGED_WINDOW_MS);
      } finally {
        phase = { kind: 'transition' };
        await stores(fault === 'stopped' ? 'up' : 'resume', store);
      }
      await eventually(async () => expect((await ready()).status).toBe(200), 90_000);
      phase = { kind: 'healthy' };
      await sleep(JUDGED_WINDOW_MS);

      const during = outcomes.filter(inFault(fault, store));
      const onStore = during.filter((o) => o.needs.includes(store));
      const elsewhere = during.filter((o) => !o.needs.includes(store));
      expect(elsewhere.length).toBeGreaterThan(0);
      expect(elsewhere.filter((o) => o.status < 200 || o.status >= 300)).toEqual([]);
      if (store !== 'redis') expect(onStore.length).toBeGreaterThan(0);
      const servedFromCache = (o: Outcome) => o.cached && o.status >= 200 && o.status < 300;
      expect(onStore.filter((o) => (o.status !== 503 || o.store !== store) && !servedFromCache(o))).toEqual(
        [],
      );
      expect(during.filter((o) => o.ms > ANSWER_WITHIN_MS)).toEqual([]);
      const healthy = outcomes.filter((o) => o.phase.kind === 'healthy');
      expect(healthy.filter((o) => o.status < 200 || o.status >= 300)).toEqual([]);
    },
    300_000,
  );

  it('lost no write it accepted: PostgreSQL, Neo4j, Cassandra and MinIO hold every one, once, and none it deleted', async () => {
    sending = false;
    await load;
    await outboxDelivered(running, 60_000);

    // Every accepted user is in both stores; every accepted deletion, delivered after the
    // creation before it, is in neither.
    const dataSource = running.app.get(DataSource);
    const graph = running.app.get<Driver>(NEO4J_DRIVER);
    const held = async (table: 'users' | 'groups', label: 'User' | 'Group', ids: string[]) => {
      const [{ count }] = await dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM ${table} WHERE id = ANY($1)`,
        [ids],
      );
      const { records } = await graph.executeQuery(
        `MATCH (node:${label}) WHERE node.id IN $ids RETURN count(node) AS count`,
        { ids },
      );
      return { postgres: count, neo4j: records[0].get('count') as number };
    };
    const { users, deletedUsers, deletedGroups } = accepted;
    expect(await held('users', 'User', users)).toEqual({ postgres: users.length, neo4j: users.length });
    expect(deletedUsers.length).toBeGreaterThan(0);
    expect(await held('users', 'User', deletedUsers)).toEqual({ postgres: 0, neo4j: 0 });
    expect(deletedGroups.length).toBeGreaterThan(0);
    expect(await held('groups', 'Group', deletedGroups)).toEqual({ postgres: 0, neo4j: 0 });

    const everything = async <T extends { id?: string; userId?: string }>(
      path: string,
      idOf: (item: T) => string,
    ) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body }: Reply<PageBody<T>> = await api.call<PageBody<T>>(
          'GET',
          `${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(status).toBe(200);
        ids.push(...body.items.map(idOf));
        cursor = body.nextCursor;
      } while (cursor);
      return ids.sort();
    };
    // A write can land and still be answered 503 when a store stops just after it: Cassandra
    // applying a write whose answer it never sends, PostgreSQL stopping between a friendship's
    // MERGE and the check after it. The client retries such a write: every accepted write is
    // there, once, and beyond them at most as many as were answered otherwise.
    const everyAcceptedOnce = (stored: string[], acceptedIds: string[], presentFromStart: string[] = []) => {
      const expected = new Set([...presentFromStart, ...acceptedIds]);
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored).toEqual(expect.arrayContaining([...expected]));
      expect(stored.length - expected.size).toBeLessThanOrEqual(unanswered.get(acceptedIds) ?? 0);
    };
    everyAcceptedOnce(await everything(`/messages/${conversation}`, (m) => m.id!), accepted.messages);
    everyAcceptedOnce(await everything(`/notifications/${user}`, (n) => n.id!), accepted.notifications);
    everyAcceptedOnce(await everything(`/users/${user}/friends`, (f) => f.id!), accepted.friends);
    everyAcceptedOnce(await everything(`/groups/${group}/members`, (m) => m.userId!), accepted.members, [
      user,
    ]);
    for (const file of accepted.files) {
      const response = await fetch(`${running.baseUrl}/storage/download/${file.key}`);
      expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(file.sha256);
    }
  }, 120_000);

  it('leaves no object without a row, nor a row without an object, once the orphan sweep has run', async () => {
    sending = false;
    await load;

    // With no grace: the load has stopped, so no upload is under way.
    swept = await running.app.get(OrphanSweeper).sweep(0);

    const { objects } = await storedFiles(running);
    const rows = await running.app
      .get(DataSource)
      .query<{ key: string }[]>('SELECT key FROM files ORDER BY key');
    // Objects under other names are not the API's, and the sweep leaves them alone.
    expect(objects.filter((name) => isUuid(name))).toEqual(rows.map((row) => row.key));
  });

  function report(): void {
    const rows = FAULTS.map(([fault, store]) => {
      const during = outcomes.filter(inFault(fault, store));
      const elsewhere = during.filter((o) => !o.needs.includes(store));
      return {
        fault,
        store,
        requests: during.length,
        '503 naming it': during.filter(
          (o) => o.needs.includes(store) && o.status === 503 && o.store === store,
        ).length,
        '2xx from the cache': during.filter(
          (o) => o.needs.includes(store) && o.cached && o.status >= 200 && o.status < 300,
        ).length,
        '2xx elsewhere': elsewhere.filter((o) => o.status >= 200 && o.status < 300).length,
        'failures elsewhere': elsewhere.filter((o) => o.status < 200 || o.status >= 300).length,
        'slowest ms': Math.max(0, ...during.map((o) => o.ms)),
      };
    });
    const written = Object.fromEntries(Object.entries(accepted).map(([kind, list]) => [kind, list.length]));
    console.log(
      'store faults under load\n%s\naccepted writes and deletions, all found afterwards: %j\norphan sweep afterwards: %j',
      table(rows),
      written,
      swept,
    );
  }
});

describe('store calls cut off by their deadline', () => {
  const running = useApp({ STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS) });

  /** A PostgreSQL connection of the test's own, as the API's user. */
  async function postgresConnection(): Promise<Client> {
    const config = running.app.get<AppConfig>(APP_CONFIG);
    const connection = new Client({
      host: config.DATABASE_HOST,
      port: config.DATABASE_PORT,
      user: config.DATABASE_USER,
      password: config.DATABASE_PASSWORD,
      database: config.DATABASE_NAME,
    });
    await connection.connect();
    return connection;
  }

  it('a PostgreSQL transaction answers 503, is rolled back rather than committed when PostgreSQL resumes, and leaves no connection inside it', async () => {
    const api = client(running);
    const dataSource = running.app.get(DataSource);
    // Connections already open, so that the create's transaction reaches PostgreSQL before the
    // freeze holds it (a connection still being opened would send nothing).
    await Promise.all(Array.from({ length: 4 }, () => dataSource.query('SELECT pg_sleep(0.05)')));
    const email = uniqueEmail();
    await stores('pause', 'postgres');
    let reply: Reply<ProblemBody>;
    try {
      reply = await api.call<ProblemBody>('POST', '/users', { email, name: 'Cut Off' });
      // Frozen on until the rollback that follows has timed out too, as a long hang does:
      // a store that resumed sooner would receive that rollback and leave nothing to clean up.
      await sleep(STORE_TIMEOUT_MS + 500);
    } finally {
      await stores('resume', 'postgres');
    }
    expect({ status: reply.status, store: reply.body.store }).toEqual({ status: 503, store: 'postgres' });

    // Every pooled connection serves again, none held by the abandoned transaction.
    await eventually(async () => expect((await api.call('GET', '/health/ready')).status).toBe(200), 30_000);
    const pool = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const reads = await Promise.all(
      Array.from({ length: pool + 2 }, () => api.call('GET', '/users?limit=1')),
    );
    expect(reads.map((read) => read.status)).toEqual(reads.map(() => 200));
    const [{ count }] = await dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM users WHERE email = $1',
      [email],
    );
    expect(count).toBe(0);
    // Nor was its connection handed to the next request, inside the transaction PostgreSQL
    // began for it on resuming: it was closed. Asked on a connection of the test's own, since
    // a pooled one could be that very connection.
    const observer = await postgresConnection();
    try {
      await eventually(async () => {
        const { rows } = await observer.query<{ open: number }>(
          `SELECT count(*)::int AS open FROM pg_stat_activity
            WHERE application_name = 'summer-trip-api' AND state = 'idle in transaction'`,
        );
        expect(rows[0].open).toBe(0);
      }, 5_000);
    } finally {
      await observer.end();
    }
  }, 60_000);

  it('a PostgreSQL transaction whose statements each end in time, but not all together, answers 503 and is rolled back once they end', async () => {
    const api = client(running);
    const group = await api.createGroup((await api.createUser('Slow Delete')).id);
    expect((await api.call('GET', `/groups/${group.id}`)).status).toBe(200);
    const [rowHolder, tableHolder, observer] = await Promise.all(
      Array.from({ length: 3 }, () => postgresConnection()),
    );
    try {
      // The delete waits for the group's row, then its outbox event for the table: two waits,
      // each shorter than the deadline, that together pass it.
      await rowHolder.query('BEGIN');
      await rowHolder.query('SELECT 1 FROM groups WHERE id = $1 FOR UPDATE', [group.id]);
      await tableHolder.query('BEGIN');
      await tableHolder.query('LOCK TABLE outbox IN SHARE MODE');
      const deletion = api.call<ProblemBody>('DELETE', `/groups/${group.id}`);
      const wait = (STORE_TIMEOUT_MS * 2) / 3;
      await sleep(wait);
      await rowHolder.query('COMMIT');
      await sleep(wait);
      await tableHolder.query('COMMIT');
      const reply = await deletion;
      expect({ status: reply.status, store: reply.body.store }).toEqual({ status: 503, store: 'postgres' });

      // Its row lock lasts as long as the transaction: once the row can be locked, it has ended.
      const rows = await eventually(
        async () =>
          (
            await observer.query<{ id: string }>('SELECT id FROM groups WHERE id = $1 FOR UPDATE NOWAIT', [
              group.id,
            ])
          ).rows,
        10_000,
        20,
      );
      expect(rows).toHaveLength(1);
    } finally {
      await Promise.all([rowHolder, tableHolder, observer].map((connection) => connection.end()));
    }
    // The cached copy and the store agree, and the group can still be deleted.
    expect((await api.call('GET', `/groups/${group.id}`)).status).toBe(200);
    expect((await api.call('DELETE', `/groups/${group.id}`)).status).toBe(204);
    expect((await api.call('GET', `/groups/${group.id}`)).status).toBe(404);
  }, 30_000);

  it('a PostgreSQL that refuses connections, as when they are too many, answers 503 naming it', async () => {
    const config = running.app.get<AppConfig>(APP_CONFIG);
    const role = `summer_trip_limited_${randomBytes(4).toString('hex')}`;
    const admin = await postgresConnection();
    // A role of the API's privileges, so that refusing its connections touches nobody else.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}' IN ROLE ${config.DATABASE_USER}`);
    let limited: RunningApp | undefined;
    try {
      limited = await startAppWith({ DATABASE_USER: role, DATABASE_PASSWORD: role });
      const api = client(limited);
      expect((await api.call('GET', '/users?limit=1')).status).toBe(200);
      // PostgreSQL refuses every new connection of the role (53300) and ends those it has.
      await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT 0`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
      const replies = [];
      for (let request = 0; request < 5; request++)
        replies.push(await api.call<ProblemBody>('GET', '/users?limit=1'));
      expect(replies.map(({ status, body }) => ({ status, store: body.store }))).toEqual(
        replies.map(() => ({ status: 503, store: 'postgres' })),
      );
    } finally {
      await limited?.app.close();
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  }, 30_000);

  it('a MinIO request answers 503 and is ended, its socket closed, while MinIO still hangs', async () => {
    const config = running.app.get<AppConfig>(APP_CONFIG);
    // minio-js sends through Node's global agent, which lists the sockets of requests in flight.
    const socketsToMinio = () =>
      Object.entries(globalAgent.sockets)
        .filter(([name]) => name.startsWith(`${config.STORAGE_ENDPOINT}:${config.STORAGE_PORT}:`))
        .reduce((count, [, sockets]) => count + (sockets?.length ?? 0), 0);
    const owner = (await client(running).createUser('Deadline Owner')).id;
    await stores('pause', 'minio');
    try {
      const response = await uploadFile(running, randomBytes(2048), { query: `?ownerId=${owner}` });
      const problem = (await response.json()) as ProblemBody;
      expect({ status: response.status, store: problem.store }).toEqual({ status: 503, store: 'minio' });
      await eventually(() => Promise.resolve(expect(socketsToMinio()).toBe(0)), 1_000, 50);
    } finally {
      await stores('resume', 'minio');
    }
  });

  it('a Neo4j query answers 503 and is ended by Neo4j, not run on to its end', async () => {
    const driver = running.app.get<Driver>(NEO4J_DRIVER);
    const marker = `deadline-${uuidv7()}`;
    // Counts to a trillion: minutes of one core, unless the server ends it.
    const endless = `// ${marker}
      UNWIND range(1, 1000000000000) AS n
      WITH n WHERE n < 0
      RETURN n LIMIT $limit`;
    const error = await readGraphPage(running.app.get(StoreOperations), driver, 'endless', endless, {
      limit: 1,
    }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).store).toBe('neo4j');

    // Neo4j's transaction monitor looks for transactions past their timeout every 2 s.
    await eventually(async () => {
      const { records } = await driver.executeQuery(
        'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $marker RETURN count(*) AS running',
        { marker },
      );
      expect(records[0].get('running')).toBe(0);
    }, 5_000);
  });
});

function inFault(fault: Fault, store: Store): (outcome: Outcome) => boolean {
  return ({ phase }) => phase.kind === 'fault' && phase.fault === fault && phase.store === store;
}

function table(rows: Record<string, string | number>[]): string {
  const columns = Object.keys(rows[0]);
  const width = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column]).length)),
  );
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(width[index])).join('  ');
  return [line(columns), ...rows.map((row) => line(columns.map((column) => String(row[column]))))].join('\n');
}
