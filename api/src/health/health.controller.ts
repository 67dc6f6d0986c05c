import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { type StoreProbe } from '../infrastructure/store-probe';
import { ShutdownGrace } from './shutdown-grace';
import { StoreHealthIndicator } from './store-health.indicator';

export const STORE_PROBES = Symbol('STORE_PROBES');

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly storeHealth: StoreHealthIndicator,
    private readonly shutdown: ShutdownGrace,
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
    if (this.shutdown.isDraining) throw new ServiceUnavailableException('shutting down');
    return this.health.check(this.probes.map((probe) => () => this.storeHealth.check(probe)));
  }
}
