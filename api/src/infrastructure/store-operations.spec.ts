import { Registry } from 'prom-client';
import { StoreUnavailableError } from '../common/store-unavailable.error';
import { TimedOutError } from '../common/with-timeout';
import { loadConfig } from '../config/app-config';
import { StoreOperations } from './store-operations';

describe('StoreOperations', () => {
  const never = () => new Promise<never>(() => {});
  let registry: Registry;
  let operations: StoreOperations;

  beforeEach(() => {
    registry = new Registry();
    operations = new StoreOperations(
      registry,
      loadConfig({ STORE_TIMEOUT_MS: '40', REDIS_TIMEOUT_MS: '10' }),
    );
  });

  const failures = async () =>
    (await registry.getSingleMetric('store_operation_errors_total')!.get()).values.map(
      ({ labels, value }) => ({ ...labels, value }),
    );

  it('turns a call its store has not answered by the deadline into a 503 naming the store', async () => {
    const started = Date.now();
    const error = (await operations.run('neo4j', 'befriend', never).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).store).toBe('neo4j');
    expect(error.cause).toBeInstanceOf(TimedOutError);
    expect((error.cause as Error).message).toBe('neo4j befriend timed out after 40 ms');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await failures()).toEqual([
      { store: 'neo4j', operation: 'befriend', reason: 'unavailable', value: 1 },
    ]);
  });

  it('gives Redis, which only caches, a deadline of its own', async () => {
    const error = (await operations.run('redis', 'cache-read', never).catch((e: unknown) => e)) as Error;
    expect((error.cause as Error).message).toBe('redis cache-read timed out after 10 ms');
  });

  it('waits for an unbounded call past the deadline', async () => {
    const late = () => new Promise<string>((resolve) => setTimeout(() => resolve('delivered'), 80));
    await expect(operations.run('postgres', 'outbox-deliver-batch', late, { unbounded: true })).resolves.toBe(
      'delivered',
    );
  });

  it('passes on an error the store answered with, counted as an error, not an outage', async () => {
    const refused = new Error('duplicate key value violates unique constraint');
    await expect(operations.run('postgres', 'user-create', () => Promise.reject(refused))).rejects.toBe(
      refused,
    );
    expect(await failures()).toEqual([
      { store: 'postgres', operation: 'user-create', reason: 'error', value: 1 },
    ]);
  });
});
