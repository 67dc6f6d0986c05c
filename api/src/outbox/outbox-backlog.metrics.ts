import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { type OutboxBacklog, OutboxRepository } from './outbox.repository';

const UNKNOWN: OutboxBacklog = { pending: NaN, oldestAgeSeconds: NaN };

/**
 * The outbox backlog, read from PostgreSQL on every scrape, so it holds whichever replica
 * delivers. When PostgreSQL does not answer, both read NaN (unknown) instead of a stale value;
 * the failure is counted in store_operation_errors_total{operation="outbox-backlog"}.
 */
@Injectable()
export class OutboxBacklogMetrics {
  private reading?: Promise<OutboxBacklog>;

  constructor(
    registry: Registry,
    private readonly outbox: OutboxRepository,
  ) {
    const read = () => this.read();
    new Gauge({
      name: 'outbox_pending_events',
      help: 'Outbox events committed and not yet delivered to all their handlers',
      registers: [registry],
      async collect() {
        this.set((await read()).pending);
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'How long the oldest undelivered outbox event has waited; 0 when none waits',
      registers: [registry],
      async collect() {
        this.set((await read()).oldestAgeSeconds);
      },
    });
  }

  /** A scrape collects both gauges at once: they share one query. */
  private read(): Promise<OutboxBacklog> {
    this.reading ??= this.outbox
      .backlog()
      .catch(() => UNKNOWN)
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}
