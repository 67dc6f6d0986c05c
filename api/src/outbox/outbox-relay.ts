import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { Counter, Histogram, Registry } from 'prom-client';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { type DeliveryOutcome, type PendingEvent, deliverInOrder } from './deliver-in-order';
import { OutboxHandlers } from './outbox-handlers';
import { type BatchResult, OutboxRepository } from './outbox.repository';
import { retryDelayMs } from './retry-delay';

const RETENTION_HOURS = 24;
const PRUNE_EVERY_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 1000;
// Far above what a handler needs (a user's messages are deleted a page per call, and a cut-short
// run is finished by the next delivery), far below a hung store's forever.
const HANDLER_TIMEOUT_MS = 10_000;

/**
 * Delivers outbox events to their handlers, oldest first, at least once: it polls, and is woken
 * at once when a transaction that wrote events commits. Every replica runs one; they take turns.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly deliveries: Counter<'type' | 'result'>;
  private readonly lag: Histogram;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private wokenWhileDraining = false;
  private stopped = false;
  private lastPruneAt = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly handlers: OutboxHandlers,
    registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.deliveries = new Counter({
      name: 'outbox_events_total',
      help: 'Outbox event deliveries, by event type and result (delivered or failed)',
      labelNames: ['type', 'result'],
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'outbox_delivery_lag_seconds',
      help: 'Time from an outbox event being committed to all its handlers having accepted it',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
  }

  // Handlers are registered in onModuleInit, which every module has run by now.
  onApplicationBootstrap(): void {
    this.wake();
  }

  /** Delivers now instead of at the next poll; a wake during a delivery runs another after it. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wokenWhileDraining = true;
      return;
    }
    clearTimeout(this.timer);
    // The relay outlives the request whose commit woke it: its work must not join that trace.
    this.draining = context
      .with(ROOT_CONTEXT, () => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.wokenWhileDraining) {
          this.wokenWhileDraining = false;
          this.wake();
        } else if (!this.stopped) {
          this.timer = setTimeout(() => this.wake(), this.config.OUTBOX_POLL_INTERVAL_MS).unref();
        }
      });
  }

  /** Before store clients close: the batch under way finishes, no other starts. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      let more = true;
      while (more && !this.stopped) more = await this.deliverBatch();
      await this.pruneNowAndThen();
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay could not read the outbox; retrying at the next poll');
    }
  }

  /** Whether a whole batch was delivered, so that more events may be waiting. */
  private async deliverBatch(): Promise<boolean> {
    const limit = this.config.OUTBOX_BATCH_SIZE;
    const result = await this.outbox.deliverPending(limit, async (batch) =>
      this.observe(
        batch,
        await deliverInOrder(batch, (type) => this.handlers.handlersFor(type), HANDLER_TIMEOUT_MS),
      ),
    );
    return result !== undefined && !result.failed && result.delivered.length === limit;
  }

  private observe(batch: PendingEvent[], outcome: DeliveryOutcome): BatchResult {
    const now = Date.now();
    for (const { event, createdAt } of batch.slice(0, outcome.delivered.length)) {
      this.deliveries.inc({ type: event.type, result: 'delivered' });
      this.lag.observe((now - createdAt.getTime()) / 1000);
    }
    if (!outcome.failed) return { delivered: outcome.delivered };

    const { pending, error } = outcome.failed;
    const retryInMs = retryDelayMs(pending.attempts + 1);
    this.deliveries.inc({ type: pending.event.type, result: 'failed' });
    this.logger.warn(
      { err: error, eventId: pending.id, type: pending.event.type, attempts: pending.attempts + 1 },
      `outbox event not delivered; retrying in ${retryInMs} ms`,
    );
    const message = error instanceof Error ? error.message : String(error);
    return {
      delivered: outcome.delivered,
      failed: { id: pending.id, error: message.slice(0, MAX_ERROR_LENGTH), retryInMs },
    };
  }

  private async pruneNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = Date.now();
    await this.outbox.pruneDelivered(RETENTION_HOURS);
  }
}
