import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisInvalidations } from '../infrastructure/redis/redis-invalidations';
import { redisOptions } from '../infrastructure/redis/redis.module';
import { CacheAside, VERSION_KEY_PREFIX } from './cache-aside';
import { NearCache } from './near-cache';

@Module({
  providers: [
    {
      provide: RedisInvalidations,
      inject: [APP_CONFIG],
      // Only the in-process copies need Redis' invalidations: without them, no second connection.
      useFactory: (config: AppConfig) =>
        config.CACHE_NEAR_MAX_MB === 0
          ? null
          : new RedisInvalidations(
              { ...redisOptions(config), connectionName: 'summer-trip-api-invalidations' },
              VERSION_KEY_PREFIX,
            ),
    },
    {
      provide: NearCache,
      inject: [RedisInvalidations, APP_CONFIG],
      useFactory: (invalidations: RedisInvalidations | null, config: AppConfig) =>
        new NearCache(invalidations, VERSION_KEY_PREFIX, config.CACHE_NEAR_MAX_MB),
    },
    CacheAside,
  ],
  exports: [CacheAside],
})
export class CacheModule implements OnApplicationShutdown {
  constructor(@Inject(RedisInvalidations) private readonly invalidations: RedisInvalidations | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.invalidations?.close();
  }
}
