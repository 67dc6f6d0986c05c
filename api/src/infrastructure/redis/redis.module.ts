import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { RedisBreaker } from './redis-breaker';

/** How the API connects to Redis, for the shared client and for connections of its own. */
export function redisOptions(config: AppConfig): RedisOptions {
  return {
    host: config.REDIS_HOST,
    port: config.REDIS_PORT,
    password: config.REDIS_PASSWORD,
    connectionName: 'summer-trip-api',
    // RESP2, as ioredis 5 spoke: Redis then sends its invalidations (redis-invalidations.ts) as
    // messages on a channel, which RESP3 would turn into push replies of another shape.
    protocol: 2,
    // Redis is a cache: while it is away a command fails at once instead of queueing,
    // so callers fall back to the source of truth without waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    // A Redis that hangs fails its commands too: their promises reject, and the replies that
    // come late are still matched to their commands, so the connection stays usable.
    commandTimeout: config.REDIS_TIMEOUT_MS,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  };
}

@Injectable()
export class RedisProbe implements StoreProbe {
  readonly store = 'redis';
  constructor(private readonly redis: Redis) {}

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis => new Redis(redisOptions(config)),
    },
    { provide: RedisBreaker, useFactory: () => new RedisBreaker() },
    RedisProbe,
  ],
  exports: [Redis, RedisBreaker, RedisProbe],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
