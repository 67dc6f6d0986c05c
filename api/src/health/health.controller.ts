import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { type StoreProbe } from '../infrastructure/store-probe';
import { StoreHealthIndicator } from './store-health.indicator';

export const STORE_PROBES = Symbol('STORE_PROBES');

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly storeHealth: StoreHealthIndicator,
    @Inject(STORE_PROBES) private readonly probes: readonly StoreProbe[],
  ) {}

  /** The process answers: nothing else is checked, so a store outage never restarts pods. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Every store, in parallel, each with its own timeout; 503 names the ones that are down. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.probes.map((probe) => () => this.storeHealth.check(probe)));
  }
}
