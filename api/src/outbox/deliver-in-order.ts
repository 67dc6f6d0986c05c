import { withTimeout } from '../common/with-timeout';
import { type OutboxEvent, type OutboxEventType } from './outbox-event';

export interface PendingEvent {
  id: string;
  event: OutboxEvent;
  /** Failed deliveries so far. */
  attempts: number;
  createdAt: Date;
}

export interface DeliveryOutcome {
  /** Ids of the events every handler accepted, in delivery order. */
  delivered: string[];
  /** The first event a handler rejected; the events after it were not tried. */
  failed?: { pending: PendingEvent; error: unknown };
}

type Handler = (event: OutboxEvent) => Promise<void>;

/**
 * Hands each event to all of its handlers, oldest first, and stops at the first event a handler
 * rejects: a later event may concern the same user or group and must not overtake it. A handler
 * that has not answered within `timeoutMs` counts as rejected: a store that hangs rather than
 * fails must not hold the batch, and the outbox's locks with it, for ever. Its work may still
 * finish; handlers are idempotent, so the retry that follows is harmless.
 */
export async function deliverInOrder(
  batch: readonly PendingEvent[],
  handlersFor: (type: OutboxEventType) => readonly Handler[],
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  const delivered: string[] = [];
  for (const pending of batch) {
    const { type } = pending.event;
    // Every handler gets its try even if another fails: they are independent stores.
    const results = await Promise.allSettled(
      handlersFor(type).map((handle) => withTimeout(handle(pending.event), timeoutMs, `a ${type} handler`)),
    );
    const rejection = results.find((result) => result.status === 'rejected');
    if (rejection) return { delivered, failed: { pending, error: rejection.reason } };
    delivered.push(pending.id);
  }
  return { delivered };
}
