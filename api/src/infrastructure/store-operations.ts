import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { StoreUnavailableError } from '../common/store-unavailable.error';
import { TimedOutError, withTimeout } from '../common/with-timeout';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig } from '../config/app-config';
import { type StoreName } from './store-probe';
import { inStoreSpan } from './store-span';
import { isUnavailable } from './store-unavailability';

/**
 * The one way repositories call a store: every call is timed and counted by store and
 * operation, traced where no instrumentation library does it, and a store that cannot be
 * reached, or has not answered within its deadline, becomes a StoreUnavailableError.
 *
 * The deadline is what bounds a store that hangs (a paused process, a partition that drops
 * packets) rather than refuses: the request answers 503, and the call is abandoned. The
 * PostgreSQL, Cassandra and Redis clients have the same timeout of their own, which ends it
 * (a PostgreSQL transaction is rolled back); Neo4j ends a transaction past it on the server
 * (`graphQueryConfig`), and MinIO's requests end on it (`transportWithDeadline`).
 */
@Injectable()
export class StoreOperations {
  private readonly duration: Histogram<'store' | 'operation'>;
  private readonly failures: Counter<'store' | 'operation' | 'reason'>;
  /** How long a call to each store may take before it is abandoned. */
  readonly deadlineMs: Readonly<Record<StoreName, number>>;

  constructor(registry: Registry, @Inject(APP_CONFIG) config: AppConfig) {
    this.deadlineMs = {
      postgres: config.STORE_TIMEOUT_MS,
      cassandra: config.STORE_TIMEOUT_MS,
      neo4j: config.STORE_TIMEOUT_MS,
      minio: config.STORE_TIMEOUT_MS,
      redis: config.REDIS_TIMEOUT_MS,
    };
    this.duration = new Histogram({
      name: 'store_operation_duration_seconds',
      help: 'Duration of calls from the API to its data stores',
      labelNames: ['store', 'operation'],
      // Hot store calls take well under a millisecond to a few tens of milliseconds.
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'store_operation_errors_total',
      help: 'Failed calls from the API to its data stores',
      labelNames: ['store', 'operation', 'reason'],
      registers: [registry],
    });
  }

  /**
   * `call` gets a signal aborted once its deadline has passed: the call is abandoned, not
   * stopped, and work it can still undo (a transaction not yet committed) must not go on.
   *
   * `unbounded`: for a call that spans other calls, each bounded by its own deadline (the
   * outbox relay's transaction around its handlers): abandoning it would leave its locks held
   * by work still running.
   */
  async run<T>(
    store: StoreName,
    operation: string,
    call: (deadline: AbortSignal) => Promise<T>,
    { unbounded = false }: { unbounded?: boolean } = {},
  ): Promise<T> {
    const stopTimer = this.duration.startTimer({ store, operation });
    const deadline = new AbortController();
    try {
      return await inStoreSpan(store, operation, () =>
        unbounded
          ? call(deadline.signal)
          : withTimeout(call(deadline.signal), this.deadlineMs[store], `${store} ${operation}`),
      );
    } catch (error) {
      if (error instanceof TimedOutError) deadline.abort(error);
      const unavailable = error instanceof TimedOutError || isUnavailable[store](error);
      this.failures.inc({ store, operation, reason: unavailable ? 'unavailable' : 'error' });
      throw unavailable ? new StoreUnavailableError(store, { cause: error }) : error;
    } finally {
      stopTimer();
    }
  }
}
