import { parseOptions, type SeedOptions, UsageError } from './options';
import { presets } from './presets';

function parsed(...argv: string[]): SeedOptions {
  const options = parseOptions(argv);
  if (options === 'help') throw new Error('unexpected help');
  return options;
}

describe('parseOptions', () => {
  it('seeds the small preset into every store, PostgreSQL first, by default', () => {
    const { plan, phases, waitTimeoutMs } = parsed();
    expect(plan.sizes).toEqual(presets.small);
    expect(plan.seed).toBe(1);
    expect(phases).toEqual(['postgres', 'cassandra', 'neo4j', 'minio']);
    expect(waitTimeoutMs).toBe(300_000);
  });

  it('grows the presets from small to large', () => {
    for (const size of Object.keys(presets.small) as (keyof typeof presets.small)[]) {
      expect(presets.small[size]).toBeLessThanOrEqual(presets.medium[size]);
      expect(presets.medium[size]).toBeLessThanOrEqual(presets.large[size]);
    }
    expect(presets.small.users).toBeLessThanOrEqual(500);
  });

  it('overrides single sizes of a preset and keeps the rest', () => {
    const { plan } = parsed('--preset', 'medium', '--users', '1234', '--files', '0', '--seed', '99');
    expect(plan.sizes).toEqual({ ...presets.medium, users: 1234, files: 0 });
    expect(plan.seed).toBe(99);
  });

  it('runs only the selected phases, in dependency order', () => {
    expect(parsed('--phase', 'minio', '--phase', 'postgres').phases).toEqual(['postgres', 'minio']);
  });

  it('reads --until in the offset it gives', () => {
    expect(parsed('--until', '2026-11-01T02:00:00+02:00').plan.until).toEqual(
      new Date('2026-11-01T00:00:00Z'),
    );
  });

  it.each([
    [['--bogus'], '--bogus'],
    [['--seed'], '--seed'],
    [['--preset', 'huge'], '--preset'],
    [['--users=-3'], '--users'],
    [['--seed', 'abc'], '--seed'],
    [['--phase', 'redis'], '--phase'],
    [['--until', 'yesterday'], '--until'],
    // Local time: another dataset on a machine in another time zone.
    [['--until', '2026-11-01T00:00:00'], '--until'],
    [['--until', '2026-11-01'], '--until'],
    [['--users', '3', '--friends-per-user', '3'], '--friends-per-user'],
  ])('refuses %j naming the flag', (argv, flag) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(flag);
  });
});
