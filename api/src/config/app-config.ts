import { isIP } from 'node:net';
import { z } from 'zod';

// Environment variable names are the original Summer-Trip backend's; defaults point at the
// stores of the local harness (scripts/stores) on 127.0.0.1.
const port = z.coerce.number().int().min(1).max(65_535);
/** A port this process listens on; 0 lets the system pick a free one (tests do). */
const listenPort = z.coerce.number().int().min(0).max(65_535);
const milliseconds = z.coerce.number().int().min(1).max(600_000);
const text = z.string().min(1);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

// The ranges @fastify/proxy-addr knows by name: 127.0.0.0/8 and ::1; 169.254.0.0/16 and
// fe80::/10; the private 10/8, 172.16/12, 192.168/16 and fc00::/7.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
// A hop count ("1") is refused rather than ignored: Fastify 5.12 stopped honouring one, since
// a client that reaches the API directly could forge the hops, and every client would
// silently become the proxy's one address.
const PROXY_ADDRESS_EXPECTED =
  'an address, a CIDR (10.0.0.0/8) or one of loopback, linklocal, uniquelocal; a hop count is not accepted';

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: text.default('127.0.0.1'),
  PORT: listenPort.default(3000),
  METRICS_PORT: listenPort.default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEALTH_TIMEOUT_MS: milliseconds.default(1000),
  // On SIGTERM: how long to keep serving after readiness turns 503 (Kubernetes endpoint propagation).
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(5000),

  // How long a call to PostgreSQL, Cassandra, Neo4j or MinIO may wait for its answer; a store
  // that hangs then gets the request a 503 naming it instead of holding it. Generous against
  // the milliseconds the API's queries take, short against a client's patience.
  STORE_TIMEOUT_MS: milliseconds.default(5000),
  // The same for Redis, shorter: a cache that does not answer is skipped, not waited for.
  REDIS_TIMEOUT_MS: milliseconds.default(500),

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
  // MiB of cached values (as JSON) each process keeps in memory in front of Redis; 0: none.
  CACHE_NEAR_MAX_MB: z.coerce.number().int().min(0).max(4096).default(32),
  // Friend suggestions change whenever anyone two hops away befriends, which no write can
  // invalidate cheaply: they live this long, shorter than CACHE_TTL_SECONDS.
  SUGGESTIONS_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),

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
  // How often one replica compares the bucket with the files table and removes what only one
  // of them holds (files/orphan-sweeper.ts).
  STORAGE_ORPHAN_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(3600),
  // How old an object or a row must be before the sweep may remove it: longer than any upload
  // takes from its first byte to its row, so that no upload under way is taken for an orphan.
  STORAGE_ORPHAN_GRACE_SECONDS: z.coerce.number().int().min(0).max(2_592_000).default(86_400),

  // Bearer keys of the write routes, comma-separated. Short keys are refused: a key is the only
  // thing between the internet and a write, so it must not be guessable.
  API_KEYS: commaList.pipe(z.array(z.string().min(16, 'every API key needs at least 16 characters'))),
  // Reads are public data of a travel app; a deployment that wants them private sets false.
  AUTH_READS_OPEN: flag.default(true),
  // Requests one client (API key, else IP address) may send per window; 0 turns limiting off.
  // 1200 a minute is 20 a second: far above what one person's app sends, low enough that one
  // client cannot take the API's capacity from the others.
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // How often each replica sends the requests it counted to Redis and learns the others'.
  // Between two syncs replicas decide alone, so a client may pass its limit by what it sends
  // to every replica in one interval: shorter is stricter, longer sends fewer pipelines.
  RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  // Origins allowed to call the API from a browser, comma-separated; none: no CORS headers at all.
  CORS_ORIGINS: commaList.pipe(
    z.array(z.url({ protocol: /^https?$/ }).regex(/^[^/]+\/\/[^/]+$/, 'an origin: scheme://host[:port]')),
  ),
  // The proxies whose X-Forwarded-For is believed: addresses, CIDRs or the ranges named below,
  // comma-separated. Empty: the client is the peer of the TCP connection, and the header is
  // ignored, since anyone can write it.
  TRUST_PROXY: commaList
    .pipe(z.array(z.string().refine(isProxyAddress, PROXY_ADDRESS_EXPECTED)))
    .transform((proxies) => (proxies.length === 0 ? false : proxies)),
  // Largest JSON body; uploads are multipart and bounded by STORAGE_MAX_UPLOAD_BYTES instead.
  // 1 MiB holds any entity of the API many times over.
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(104_857_600).default(1_048_576),
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

/**
 * The API's configuration: loadConfig's, and refused in production without API keys, since every
 * write route would then be open. (The seeder loads the same variables but serves no routes.)
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = loadConfig(env);
  if (config.NODE_ENV === 'production' && config.API_KEYS.length === 0)
    throw new Error(
      'Invalid configuration:\n  API_KEYS: required in production: without API keys every write route would be open to anyone',
    );
  return config;
}
