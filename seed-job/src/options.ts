import { parseArgs } from 'node:util';
import { isPresetName, presets, type Sizes } from './presets';

export const phases = ['postgres', 'cassandra', 'neo4j', 'minio'] as const;
export type Phase = (typeof phases)[number];

/** Everything that decides what the dataset is: the same plan always yields the same rows. */
export interface SeedPlan {
  seed: number;
  sizes: Sizes;
  /** The end of the seeded history: every timestamp lies in the year before it. */
  until: Date;
}

export interface SeedOptions {
  plan: SeedPlan;
  phases: Phase[];
  waitTimeoutMs: number;
  /** Where to write the row counts per table as JSON, if anywhere. */
  summaryPath?: string;
}

// Fixed rather than "now": timestamps are part of the ids, and a re-run must find the same ones.
const DEFAULT_UNTIL = '2026-11-01T00:00:00Z';

const sizeFlags: Record<string, keyof Sizes> = {
  users: 'users',
  groups: 'groups',
  'friends-per-user': 'friendsPerUser',
  conversations: 'conversations',
  'messages-per-conversation': 'messagesPerConversation',
  'notifications-per-user': 'notificationsPerUser',
  'members-per-group': 'membersPerGroup',
  files: 'files',
};

export const usage = `Usage: summer-trip-seed [options]
  --preset small|medium|large     sizes to start from (default small)
  --seed N                        makes the dataset (and every id) reproducible (default 1)
  --phase postgres|cassandra|neo4j|minio|all   the store to fill (default all; repeatable)
  --${Object.keys(sizeFlags).join(' N, --')} N   override one size of the preset
  --until ISO-8601                end of the seeded history, with Z or an offset (default ${DEFAULT_UNTIL})
  --wait-timeout SECONDS          how long to wait for each store to answer (default 300)
  --summary PATH                  write the row counts per table there as JSON
Configuration comes from the API's environment variables (DATABASE_*, CASSANDRA_*, NEO4J_*, STORAGE_*).`;

export class UsageError extends Error {}

export function parseOptions(argv: string[]): SeedOptions | 'help' {
  const values = parseFlags(argv);
  if (values.help) return 'help';
  const preset = values.preset;
  if (!isPresetName(preset))
    throw new UsageError(`--preset must be one of ${Object.keys(presets).join(', ')}`);
  const sizes: Sizes = { ...presets[preset] };
  for (const [flag, size] of Object.entries(sizeFlags)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === 'string') sizes[size] = integer(`--${flag}`, value, size === 'users' ? 2 : 0);
  }
  if (sizes.friendsPerUser >= sizes.users) throw new UsageError('--friends-per-user must be below --users');
  return {
    plan: { seed: integer('--seed', values.seed, 0), sizes, until: instant('--until', values.until) },
    phases: selectedPhases(values.phase),
    waitTimeoutMs: integer('--wait-timeout', values['wait-timeout'], 1) * 1000,
    summaryPath: values.summary,
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      options: {
        help: { type: 'boolean' },
        preset: { type: 'string', default: 'small' },
        seed: { type: 'string', default: '1' },
        phase: { type: 'string', multiple: true, default: ['all'] },
        until: { type: 'string', default: DEFAULT_UNTIL },
        'wait-timeout': { type: 'string', default: '300' },
        summary: { type: 'string' },
        ...Object.fromEntries(Object.keys(sizeFlags).map((flag) => [flag, { type: 'string' as const }])),
      },
    }).values;
  } catch (error) {
    // Unknown flags, missing values, stray arguments; any other error is not the user's.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))
      throw new UsageError((error as Error).message);
    throw error;
  }
}

function selectedPhases(names: string[]): Phase[] {
  for (const name of names) {
    if (name !== 'all' && !(phases as readonly string[]).includes(name))
      throw new UsageError(`--phase must be one of ${phases.join(', ')}, all`);
  }
  // PostgreSQL first: it is the source of truth the other stores point into.
  return names.includes('all') ? [...phases] : phases.filter((phase) => names.includes(phase));
}

// A date and time with Z or an offset: without one, Date reads the time as the machine's local
// time, and the same flag would make another dataset elsewhere.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(flag: string, value: string): Date {
  const date = new Date(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(date.getTime()))
    throw new UsageError(
      `${flag} must be an ISO-8601 date and time with Z or an offset, e.g. ${DEFAULT_UNTIL}, got "${value}"`,
    );
  return date;
}

function integer(flag: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > 2 ** 32)
    throw new UsageError(`${flag} must be an integer from ${min}, got "${value}"`);
  return parsed;
}
