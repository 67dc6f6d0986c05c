import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withTimeout } from '../common/with-timeout';
import { type StoreProbe } from '../infrastructure/store-probe';

/** Turns a store's probe into a terminus result, bounded by the configured timeout. */
@Injectable()
export class StoreHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(probe: StoreProbe): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(probe.store);
    const started = performance.now();
    try {
      await withTimeout(probe.ping(), this.config.HEALTH_TIMEOUT_MS, `${probe.store} ping`);
      return indicator.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
