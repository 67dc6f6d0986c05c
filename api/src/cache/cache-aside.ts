import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { SerializedJson } from '../common/serialized-json';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisBreaker } from '../infrastructure/redis/redis-breaker';
import { StoreOperations } from '../infrastructure/store-operations';
import { NearCache } from './near-cache';
import { SingleFlight } from './single-flight';

/** What is cached, by the id of the entity it belongs to. */
export type CacheName = 'user' | 'group' | 'conversation' | 'friends' | 'suggestions';

export interface CachedPart {
  /** One of several values kept under an id (pages of a conversation); invalidated together. */
  part?: string;
  /** Shorter than CACHE_TTL_SECONDS for values that no write invalidates (suggestions). */
  ttlSeconds?: number;
}

// A version must outlive every load that read it; loads take milliseconds, a day is plenty.
const VERSION_TTL_SECONDS = 24 * 60 * 60;
const WARN_EVERY_MS = 10_000;
const WHOLE_VALUE = 'value';
// Redis tells every process of each change to a key under this prefix (RedisInvalidations).
export const VERSION_KEY_PREFIX = 'cache-version:';

// The cached part, the version it was stored under and the milliseconds the entry has left, in
// one round trip.
const READ = `return {redis.call('HGET', KEYS[1], ARGV[1]), redis.call('GET', KEYS[2]), redis.call('PTTL', KEYS[1])}`;
// Stores a loaded value only if no write invalidated the entry since its version was read, and
// answers the milliseconds the entry has left (0: not stored). The entry's first part sets its
// TTL; later parts (other pages) live as long as it, not longer.
const FILL_UNLESS_INVALIDATED = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return redis.call('PTTL', KEYS[1])`;
// The version moves first, so that a load in flight cannot store what it read before the write.
const INVALIDATE = `
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])`;

interface CacheScripts {
  cacheRead(value: string, version: string, part: string): Promise<[string | null, string | null, number]>;
  cacheFill(
    value: string,
    version: string,
    expected: string,
    part: string,
    json: string,
    ttl: number,
  ): Promise<number>;
  cacheInvalidate(value: string, version: string, versionTtl: number): Promise<unknown>;
}

/** A value to keep in process memory, for as long as Redis keeps it. */
interface Kept<T> {
  value: SerializedJson<T>;
  ttlMs: number;
}

interface EntryKeys {
  tag: string;
  value: string;
  version: string;
}

function keysOf(cache: CacheName, id: string): EntryKeys {
  // The hash tag puts both keys of an entry in one Redis Cluster slot, as scripts require.
  const tag = `{${cache}:${id}}`;
  return { tag, value: `cache:${tag}`, version: `${VERSION_KEY_PREFIX}${tag}` };
}

/**
 * Cache-aside reads in two tiers: a copy in process memory (NearCache) while Redis' invalidation
 * messages are heard, then Redis, shared by every replica, then the store itself. Entries have a
 * TTL and are invalidated after writes; one load per key however many concurrent misses; and
 * whenever Redis is unavailable the store alone answers: a Redis failure never fails a request.
 */
@Injectable()
export class CacheAside {
  private readonly logger = new Logger(CacheAside.name);
  private readonly requests: Counter<'cache' | 'result'>;
  private readonly nearHits: Counter<'cache'>;
  private readonly flights = new SingleFlight();
  private readonly scripts: CacheScripts;
  private lastWarnAt = 0;

  constructor(
    redis: Redis,
    private readonly near: NearCache,
    private readonly store: StoreOperations,
    private readonly breaker: RedisBreaker,
    registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    redis.defineCommand('cacheRead', { numberOfKeys: 2, lua: READ });
    redis.defineCommand('cacheFill', { numberOfKeys: 2, lua: FILL_UNLESS_INVALIDATED });
    redis.defineCommand('cacheInvalidate', { numberOfKeys: 2, lua: INVALIDATE });
    this.scripts = redis as unknown as CacheScripts;
    this.requests = new Counter({
      name: 'cache_requests_total',
      help: 'Cache lookups by cache and result (hit or miss); concurrent lookups of a key count once',
      labelNames: ['cache', 'result'],
      registers: [registry],
    });
    this.nearHits = new Counter({
      name: 'cache_near_hits_total',
      help: "Cache hits served from the process's own copy, without asking Redis (a subset of the hits)",
      labelNames: ['cache'],
      registers: [registry],
    });
  }

  /**
   * The value as JSON, from a cache if there, else from `load` (then cached); null when `load`
   * finds none, so never for a `load` that always finds one (a page). A hit is never parsed: the
   * JSON Redis holds is what the client gets.
   */
  get<T extends object>(
    cache: CacheName,
    id: string,
    load: () => Promise<T>,
    options?: CachedPart,
  ): Promise<SerializedJson<T>>;
  get<T>(
    cache: CacheName,
    id: string,
    load: () => Promise<T | null>,
    options?: CachedPart,
  ): Promise<SerializedJson<T> | null>;
  get<T>(
    cache: CacheName,
    id: string,
    load: () => Promise<T | null>,
    options: CachedPart = {},
  ): Promise<SerializedJson<T> | null> {
    const keys = keysOf(cache, id);
    const part = options.part ?? WHOLE_VALUE;
    const copy = this.near.get(keys.tag, part);
    if (copy !== undefined) {
      this.requests.inc({ cache, result: 'hit' });
      this.nearHits.inc({ cache });
      return Promise.resolve(copy as SerializedJson<T>);
    }
    const ttlSeconds = options.ttlSeconds ?? this.config.CACHE_TTL_SECONDS;
    return this.flights.run(`${keys.tag}/${part}`, () => this.lookup(cache, keys, part, ttlSeconds, load));
  }

  /** Called once a write has committed: cached copies go, and loads in flight will not store theirs. */
  async invalidate(cache: CacheName, ...ids: string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const keys = keysOf(cache, id);
        this.flights.forget(`${keys.tag}/`);
        // Sent even while Redis fails: one that hangs applies it when it resumes, before any
        // command sent after it. The write waits for it only while Redis answers.
        const invalidated = this.redis('cache-invalidate', () =>
          this.scripts.cacheInvalidate(keys.value, keys.version, VERSION_TTL_SECONDS),
        );
        if (!this.breaker.open) await invalidated;
        // This process reads its own writes at once; the others when Redis' message reaches them.
        this.near.drop(keys.tag);
      }),
    );
  }

  private async lookup<T>(
    cache: CacheName,
    keys: EntryKeys,
    part: string,
    ttlSeconds: number,
    load: () => Promise<T | null>,
  ): Promise<SerializedJson<T> | null> {
    const flight = this.near.begin(keys.tag);
    let kept: Kept<T> | Promise<Kept<T> | undefined> | undefined;
    try {
      const read = await this.quietly('cache-read', () =>
        this.scripts.cacheRead(keys.value, keys.version, part),
      );
      const [cached, version, remainingMs] = read ?? [null, null, 0];
      if (cached !== null) {
        this.requests.inc({ cache, result: 'hit' });
        // Redis' expiry of the entry tells no process: a copy must not outlive it.
        kept = {
          value: new SerializedJson<T>(cached),
          ttlMs: remainingMs > 0 ? remainingMs : ttlSeconds * 1000,
        };
        return kept.value;
      }
      this.requests.inc({ cache, result: 'miss' });
      const value = await load();
      if (value === null) return null;
      const loaded = new SerializedJson<T>(JSON.stringify(value));
      // Without the version (Redis did not answer) a fill could store what a write just replaced.
      // The answer does not wait for the fill: a round trip less on every miss.
      if (read) kept = this.fill(keys, version ?? '', part, loaded, ttlSeconds);
      return loaded;
    } finally {
      void Promise.resolve(kept).then((found) =>
        this.near.end(
          keys.tag,
          flight,
          found && { part, value: found.value, bytes: found.value.json.length, ttlMs: found.ttlMs },
        ),
      );
    }
  }

  /** Stores a loaded value, unless a write moved the entry's version since it was read. */
  private async fill<T>(
    keys: EntryKeys,
    version: string,
    part: string,
    loaded: SerializedJson<T>,
    ttlSeconds: number,
  ): Promise<Kept<T> | undefined> {
    const remainingMs = await this.quietly('cache-fill', () =>
      this.scripts.cacheFill(keys.value, keys.version, version, part, loaded.json, ttlSeconds),
    );
    return remainingMs ? { value: loaded, ttlMs: remainingMs } : undefined;
  }

  /** A read or fill, skipped while Redis fails (RedisBreaker). */
  private quietly<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
    return this.breaker.allow() ? this.redis(operation, call) : Promise.resolve(undefined);
  }

  /**
   * Redis only caches: its failures are counted (store_operation_errors_total), logged at most
   * every 10 s, and skipped.
   */
  private async redis<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await this.store.run('redis', operation, call);
      this.breaker.succeeded();
      return result;
    } catch (error) {
      this.breaker.failed();
      if (Date.now() - this.lastWarnAt >= WARN_EVERY_MS) {
        this.lastWarnAt = Date.now();
        this.logger.warn({ err: error }, 'Redis cache unavailable: reading PostgreSQL instead');
      }
      return undefined;
    }
  }
}
