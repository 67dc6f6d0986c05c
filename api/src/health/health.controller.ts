import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '../common/problem';
import { type ProblemBody } from '../common/problem-details.filter';
import { type StoreProbe } from '../infrastructure/store-probe';
import { ShutdownGrace } from './shutdown-grace';
import { StoreHealthIndicator } from './store-health.indicator';

export const STORE_PROBES = Symbol('STORE_PROBES');

@ApiTags('health')
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
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Every store, in parallel, each with its own timeout; 503 names the ones that are down. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: every store answers a query within its timeout' })
  @ApiProblem(503, 'Shutting down, or stores down: `error` names each one, `info` lists those up')
  async ready(): Promise<HealthCheckResult> {
    if (this.shutdown.isDraining) throw new ServiceUnavailableException('shutting down');
    try {
      return await this.health.check(this.probes.map((probe) => () => this.storeHealth.check(probe)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { info, error: down, details } = error.getResponse() as HealthCheckResult;
      const body: ProblemBody = {
        detail: `unavailable: ${Object.keys(down ?? {}).join(', ')}`,
        extensions: { info, error: down, details },
      };
      throw new ServiceUnavailableException(body);
    }
  }
}
