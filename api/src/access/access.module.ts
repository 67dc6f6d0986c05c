import { Module } from '@nestjs/common';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccessControl } from './access-control';
import { ApiKeys } from './api-keys';
import { RateLimiter } from './rate-limiter';

/** API keys and per-client rate limits; app.factory.ts attaches AccessControl to the server. */
@Module({
  providers: [
    {
      provide: ApiKeys,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new ApiKeys(config.API_KEYS),
    },
    RateLimiter,
    AccessControl,
  ],
  exports: [AccessControl],
})
export class AccessModule {}
