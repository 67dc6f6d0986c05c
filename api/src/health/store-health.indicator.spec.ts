import { HealthIndicatorService } from '@nestjs/terminus';
import { loadConfig } from '../config/app-config';
import { type StoreProbe } from '../infrastructure/store-probe';
import { StoreHealthIndicator } from './store-health.indicator';

describe('StoreHealthIndicator', () => {
  const indicator = new StoreHealthIndicator(
    new HealthIndicatorService(),
    loadConfig({ HEALTH_TIMEOUT_MS: '50' }),
  );
  const probe = (ping: () => Promise<void>): StoreProbe => ({ store: 'neo4j', ping });

  it('reports the store up with the round trip it took', async () => {
    const result = await indicator.check(probe(() => Promise.resolve()));
    expect(result.neo4j).toMatchObject({ status: 'up', latencyMs: expect.any(Number) });
  });

  it('reports the store down with the reason when its probe fails', async () => {
    const result = await indicator.check(probe(() => Promise.reject(new Error('connection refused'))));
    expect(result.neo4j).toEqual({ status: 'down', message: 'connection refused' });
  });

  it('reports the store down once its timeout passes, however long the probe would hang', async () => {
    const started = Date.now();
    const result = await indicator.check(probe(() => new Promise(() => undefined)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.neo4j).toEqual({ status: 'down', message: 'neo4j ping timed out after 50 ms' });
  });
});
