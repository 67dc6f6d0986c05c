import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { StoreUnavailableError } from '../common/store-unavailable.error';
import { type StoreName } from './store-probe';
import { inStoreSpan } from './store-span';
import { isUnavailable } from './store-unavailability';

/**
 * The one way repositories call a store: every call is timed and counted by store and
 * operation, traced where no instrumentation library does it, and a store that cannot be
 * reached becomes a StoreUnavailableError.
 */
@Injectable()
export class StoreOperations {
  private readonly duration: Histogram<'store' | 'operation'>;
  private readonly failures: Counter<'store' | 'operation' | 'reason'>;

  constructor(registry: Registry) {
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

  async run<T>(store: StoreName, operation: string, call: () => Promise<T>): Promise<T> {
    const stopTimer = this.duration.startTimer({ store, operation });
    try {
      return await inStoreSpan(store, operation, call);
    } catch (error) {
      const unavailable = isUnavailable[store](error);
      this.failures.inc({ store, operation, reason: unavailable ? 'unavailable' : 'error' });
      throw unavailable ? new StoreUnavailableError(store, { cause: error }) : error;
    } finally {
      stopTimer();
    }
  }
}
