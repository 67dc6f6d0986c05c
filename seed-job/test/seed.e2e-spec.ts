import { setTimeout as sleep } from 'node:timers/promises';
import { freshSeed, seed, startSeed } from './support/seed-cli';
import { SeededStores } from './support/seeded-stores';

const integrity = { membershipsNotInGraph: 0, membershipsOfUnknownUsers: 0, senderWeeksNotIndexed: 0 };

describe('seed-job against the real stores', () => {
  const stores = new SeededStores();

  beforeAll(() => stores.open());
  afterAll(() => stores.close());

  it('fills every store with the small preset, linked across stores, and a second run writes nothing twice', async () => {
    const seedNumber = freshSeed();
    const first = await seed(['--preset', 'small', '--seed', String(seedNumber)]);
    const written = first.summary();
    expect(written.users).toBe(200);
    expect(written.messages_by_conversation).toBeGreaterThan(0);
    expect(written.unread_notifications_by_user).toBeLessThan(written.notifications_by_user);

    const counted = await stores.count(seedNumber);
    expect(counted).toEqual({ ...written, ...integrity });
    expect(first.output()).toMatch(/store\s+rows\s+seconds\s+rows\/s/);

    const second = await seed(['--preset', 'small', '--seed', String(seedNumber)]);
    expect(second.summary()).toEqual(written);
    expect(await stores.count(seedNumber)).toEqual(counted);
  });

  it('completes a run killed part-way on the next run, without duplicates', async () => {
    const seedNumber = freshSeed();
    // More messages than the preset, so the kill lands while Cassandra is being written.
    const args = ['--preset', 'small', '--seed', String(seedNumber), '--messages-per-conversation', '40'];
    const interrupted = startSeed(args);
    await until(() => interrupted.output().includes('[postgres] done'));
    interrupted.child.kill('SIGKILL');
    expect(await interrupted.exited).toBeNull();
    const partial = await stores.count(seedNumber);
    expect(partial.users).toBe(200);

    const resumed = await seed(args);
    const written = resumed.summary();
    expect(partial.objects).toBeLessThan(written.objects);
    expect(await stores.count(seedNumber)).toEqual({ ...written, ...integrity });
  });

  it('exits non-zero naming the store when it does not answer within --wait-timeout', async () => {
    // Nothing listens on port 1.
    const run = startSeed(['--phase', 'postgres', '--wait-timeout', '2'], { DATABASE_PORT: '1' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/\[postgres\] waiting for 127\.0\.0\.1:1\//);
    expect(run.output()).toMatch(/failed: postgres at 127\.0\.0\.1:1\/\S+ did not answer within 2 s/);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(50);
}
