import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StoreOperations } from '../infrastructure/store-operations';
import { SingleFlight } from './single-flight';

/** The entities cached by id. */
export type CacheName = 'user' | 'group';

// A version must outlive every load that read it; loads take milliseconds, a day is plenty.
const VERSION_TTL_SECONDS = 24 * 60 * 60;
const WARN_EVERY_MS = 10_000;

// Stores a loaded value only if no write invalidated the entry since its version was read.
const FILL_UNLESS_INVALIDATED = `
if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end`;
// The version moves first, so that a load in flight cannot store what it read before the write.
const INVALIDATE = `
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])`;

interface EntryKeys {
  value: string;
  version: string;
}

function keysOf(cache: CacheName, id: string): EntryKeys {
  // The hash tag puts both keys of an entry in one Redis Cluster slot, as scripts require.
  const tag = `{${cache}:${id}}`;
  return { value: `cache:${tag}`, version: `cache:${tag}:version` };
}

/**
 * Cache-aside reads of entities by id in Redis, with a TTL, invalidation after writes, one load
 * per key however many concurrent misses, and PostgreSQL alone whenever Redis is unavailable:
 * a Redis failure never fails a request.
 */
@Injectable()
export class CacheAside {
  private readonly logger = new Logger(CacheAside.name);
  private readonly requests: Counter<'cache' | 'result'>;
  private readonly flights = new SingleFlight();
  private lastWarnAt = 0;

  constructor(
    private readonly redis: Redis,
    private readonly store: StoreOperations,
    registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.requests = new Counter({
      name: 'cache_requests_total',
      help: 'Cache lookups by cache and result (hit or miss); concurrent lookups of a key count once',
      labelNames: ['cache', 'result'],
      registers: [registry],
    });
  }

  /** The entity, from Redis if there, else from `load` (then cached); null when `load` finds none. */
  get<T>(cache: CacheName, id: string, load: () => Promise<T | null>): Promise<T | null> {
    const keys = keysOf(cache, id);
    return this.flights.run(keys.value, () => this.lookup(cache, keys, load));
  }

  /** Called once a write has committed: cached copies go, and loads in flight will not store theirs. */
  async invalidate(cache: CacheName, ...ids: string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const keys = keysOf(cache, id);
        this.flights.forget(keys.value);
        await this.quietly('cache-invalidate', () =>
          this.redis.eval(INVALIDATE, 2, keys.value, keys.version, VERSION_TTL_SECONDS),
        );
      }),
    );
  }

  private async lookup<T>(
    cache: CacheName,
    keys: EntryKeys,
    load: () => Promise<T | null>,
  ): Promise<T | null> {
    const read = await this.quietly('cache-read', () => this.redis.mget(keys.value, keys.version));
    const [cached, version] = read ?? [null, null];
    if (cached !== null) {
      this.requests.inc({ cache, result: 'hit' });
      return JSON.parse(cached) as T;
    }
    this.requests.inc({ cache, result: 'miss' });
    const value = await load();
    // Without the version (Redis did not answer) a fill could store what a write just replaced.
    if (value !== null && read) {
      await this.quietly('cache-fill', () =>
        this.redis.eval(
          FILL_UNLESS_INVALIDATED,
          2,
          keys.value,
          keys.version,
          version ?? '',
          JSON.stringify(value),
          this.config.CACHE_TTL_SECONDS,
        ),
      );
    }
    return value;
  }

  /**
   * Redis only caches: its failures are counted (store_operation_errors_total), logged at most
   * every 10 s, and skipped.
   */
  private async quietly<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.store.run('redis', operation, call);
    } catch (error) {
      if (Date.now() - this.lastWarnAt >= WARN_EVERY_MS) {
        this.lastWarnAt = Date.now();
        this.logger.warn({ err: error }, 'Redis cache unavailable: reading PostgreSQL instead');
      }
      return undefined;
    }
  }
}
