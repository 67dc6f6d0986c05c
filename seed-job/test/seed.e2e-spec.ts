import { phases } from '../src/options';
import { ApiChanges } from './support/api-changes';
import { expectedCounts } from './support/expected-counts';
import { freshSeed, printed, seed, startSeed, whileRunning } from './support/seed-cli';
import { SeededStores } from './support/seeded-stores';

const integrity = { membershipsNotInGraph: 0, membershipsOfUnknownUsers: 0, senderWeeksNotIndexed: 0 };
const cassandraTables = [
  'conversation_buckets',
  'messages_by_conversation',
  'message_buckets_by_sender',
  'notifications_by_user',
  'unread_notifications_by_user',
];

describe('seed-job against the real stores', () => {
  const stores = new SeededStores();

  beforeAll(() => stores.open());
  afterAll(() => stores.close());

  it('fills every store with the small preset, linked across stores, and a second run writes nothing', async () => {
    const seedNumber = freshSeed();
    const args = ['--preset', 'small', '--seed', String(seedNumber)];
    const expected = expectedCounts(args);
    expect(expected.users).toBe(200);
    expect(expected.messages_by_conversation).toBeGreaterThan(0);
    expect(expected.unread_notifications_by_user).toBeLessThan(expected.notifications_by_user);

    const first = await seed(args);
    expect(first.summary()).toEqual({ tables: expected, alreadySeeded: [] });
    expect(await stores.count(seedNumber)).toEqual({ ...expected, ...integrity });
    expect(first.output()).toMatch(/store\s+rows\s+seconds\s+rows\/s/);

    const second = await seed(args);
    expect(second.summary()).toEqual({ tables: {}, alreadySeeded: phases });
    expect(await stores.count(seedNumber)).toEqual({ ...expected, ...integrity });
  });

  it('leaves what the API changed since the dataset was seeded as the API left it', async () => {
    const seedNumber = freshSeed();
    const args = ['--preset', 'small', '--seed', String(seedNumber)];
    await seed(args);
    const changes = await ApiChanges.make(stores, seedNumber);
    const changed = await changes.state();
    expect(changed).toEqual({
      deletedUserRows: 0,
      notificationRead: true,
      unreadRows: 0,
      rejoinedSinceKept: [true],
      deletedFileRows: 0,
      deletedObjectFound: false,
    });

    const again = await seed(args);
    expect(await changes.state()).toEqual(changed);
    expect(again.summary()).toEqual({ tables: {}, alreadySeeded: phases });
    for (const phase of phases) expect(again.output()).toContain(`[${phase}] already seeded`);
  });

  it('completes a run killed while writing Cassandra on the next run, without duplicates', async () => {
    const seedNumber = freshSeed();
    // Many messages, so that Cassandra's phase lasts past a progress line (one every 3 s).
    const args = ['--preset', 'small', '--seed', String(seedNumber), '--messages-per-conversation', '1000'];
    const expected = expectedCounts(args);
    const interrupted = startSeed(args);
    await printed(interrupted, /\[cassandra\] [1-9]\d* rows/);
    interrupted.child.kill('SIGKILL');
    expect(await interrupted.exited).toBeNull();

    const partial = await stores.count(seedNumber);
    expect(partial.users).toBe(expected.users);
    const cassandraRows = (counts: Record<string, number>) =>
      cassandraTables.reduce((sum, table) => sum + counts[table], 0);
    expect(cassandraRows(partial)).toBeGreaterThan(0);
    expect(cassandraRows(partial)).toBeLessThan(cassandraRows(expected));
    expect([partial.User, partial.objects]).toEqual([0, 0]);

    const resumed = await seed(args);
    expect(resumed.summary().alreadySeeded).toEqual(['postgres']);
    expect(await stores.count(seedNumber)).toEqual({ ...expected, ...integrity });
  });

  it('fails naming PostgreSQL when its connection is lost mid-run', async () => {
    const seedNumber = freshSeed();
    // Enough users for several chunks: the connection is cut while the phase still writes.
    const run = startSeed(['--phase', 'postgres', '--seed', String(seedNumber), '--users', '200000']);
    const firstUsers = () =>
      stores.pg.query('SELECT 1 FROM users WHERE email LIKE $1 LIMIT 1', [`%@seed${seedNumber}.example.com`]);
    await whileRunning(run, async () => (await firstUsers()).rowCount === 1, 'writing its first users');
    await stores.pg.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'summer-trip-seed'",
    );
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/\[seed\] failed in phase postgres: /);
  });

  it('exits non-zero naming the store when it does not answer within --wait-timeout', async () => {
    // Nothing listens on port 1.
    const run = startSeed(['--phase', 'postgres', '--wait-timeout', '2'], { DATABASE_PORT: '1' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/\[postgres\] waiting for 127\.0\.0\.1:1\//);
    expect(run.output()).toMatch(
      /failed in phase postgres: postgres at 127\.0\.0\.1:1\/\S+ did not answer within 2 s/,
    );
  });
});
