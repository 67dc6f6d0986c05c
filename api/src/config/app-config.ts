import { z } from 'zod';

// Environment variable names are the original Summer-Trip backend's; defaults point at the
// stores of the local harness (scripts/stores) on 127.0.0.1.
const port = z.coerce.number().int().min(1).max(65_535);
/** A port this process listens on; 0 lets the system pick a free one (tests do). */
const listenPort = z.coerce.number().int().min(0).max(65_535);
const milliseconds = z.coerce.number().int().min(1).max(600_000);
const text = z.string().min(1);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: text.default('127.0.0.1'),
  PORT: listenPort.default(3000),
  METRICS_PORT: listenPort.default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEALTH_TIMEOUT_MS: milliseconds.default(1000),
  // On SIGTERM: how long to keep serving after readiness turns 503 (Kubernetes endpoint propagation).
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(5000),

  DATABASE_HOST: text.default('127.0.0.1'),
  DATABASE_PORT: port.default(5432),
  DATABASE_USER: text.default('summer_trip'),
  DATABASE_PASSWORD: text.default('summer_trip'),
  DATABASE_NAME: text.default('summer_trip'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // The relay polls for outbox events it was not woken for (written by another replica).
  OUTBOX_POLL_INTERVAL_MS: milliseconds.default(500),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),

  CASSANDRA_HOST: text.default('127.0.0.1'),
  CASSANDRA_PORT: port.default(9042),
  CASSANDRA_KEYSPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/, 'a lower-case CQL identifier')
    .default('summer_trip'),
  CASSANDRA_DATACENTER: text.default('datacenter1'),
  CASSANDRA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(9).default(1),
  CASSANDRA_USER: z.string().optional(),
  CASSANDRA_PASSWORD: z.string().optional(),

  NEO4J_HOST: text.default('127.0.0.1'),
  NEO4J_PORT: port.default(7687),
  NEO4J_USER: text.default('neo4j'),
  NEO4J_PASSWORD: text.default('summer-trip-dev'),

  REDIS_HOST: text.default('127.0.0.1'),
  REDIS_PORT: port.default(6379),
  REDIS_PASSWORD: z.string().optional(),
  // Upper bound on how long a cached user or group lives; writes invalidate it at once.
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),

  STORAGE_ENDPOINT: text.default('127.0.0.1'),
  STORAGE_PORT: port.default(9000),
  STORAGE_USE_SSL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  STORAGE_ACCESS_KEY: text.default('summer-trip'),
  STORAGE_SECRET_KEY: text.default('summer-trip-secret'),
  STORAGE_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
    .default('summer-trip'),
  // Larger files are refused with a 413: 1 GiB by default, at most S3's largest object (5 TiB).
  STORAGE_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).max(5_497_558_138_880).default(1_073_741_824),
  // How long a presigned download URL lives when the client does not ask for a lifetime.
  STORAGE_PRESIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
});

export type AppConfig = z.infer<typeof configSchema>;

/** Validates the environment once; every problem is listed by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}
