import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StoreOperations } from '../infrastructure/store-operations';
import { type PendingEvent } from './deliver-in-order';
import { type OutboxEvent, type OutboxEventType } from './outbox-event';

// Any fixed 64-bit number: it names the relay's lock among all advisory locks.
const RELAY_LOCK = 7_361_002_516;

/** The events not yet delivered: how many, and how long the oldest has waited. */
export interface OutboxBacklog {
  pending: number;
  /** Zero when nothing is pending. */
  oldestAgeSeconds: number;
}

export interface BatchResult {
  /** Ids of the events to mark processed. */
  delivered: string[];
  /** The event that failed, why, and when to try it again. */
  failed?: { id: string; error: string; retryInMs: number };
}

interface PendingRow {
  id: string;
  type: OutboxEventType;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
  /** Whether the oldest pending event is still waiting for its retry time. */
  waiting: boolean;
}

/** The relay's side of the outbox table: claiming pending events and recording deliveries. */
@Injectable()
export class OutboxRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StoreOperations,
  ) {}

  /**
   * Runs `deliver` over the oldest pending events and records its result, in one transaction
   * that holds those rows meanwhile. Undefined when there is nothing to deliver now: no pending
   * event, the oldest one waits for its retry, or another replica is delivering.
   */
  deliverPending(
    limit: number,
    deliver: (batch: PendingEvent[]) => Promise<BatchResult>,
  ): Promise<BatchResult | undefined> {
    return this.store.run(
      'postgres',
      'outbox-deliver-batch',
      () => this.dataSource.transaction((manager) => this.deliverIn(manager, limit, deliver)),
      { unbounded: true },
    );
  }

  private async deliverIn(
    manager: EntityManager,
    limit: number,
    deliver: (batch: PendingEvent[]) => Promise<BatchResult>,
  ): Promise<BatchResult | undefined> {
    // One replica delivers at a time: replicas taking different parts of the queue at once
    // could apply two events of one user or group out of order.
    const [{ leader }] = await manager.query<[{ leader: boolean }]>(
      'SELECT pg_try_advisory_xact_lock($1) AS leader',
      [RELAY_LOCK],
    );
    if (!leader) return undefined;
    // SKIP LOCKED: a claim never waits on rows someone else holds (an operator's manual fix).
    const rows = await manager.query<PendingRow[]>(
      `SELECT id, type, payload, attempts, created_at, next_attempt_at > now() AS waiting
         FROM outbox WHERE processed_at IS NULL
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    // Only the oldest event's retry time matters: the ones after it wait behind it anyway.
    if (rows.length === 0 || rows[0].waiting) return undefined;

    const result = await deliver(rows.map(toPendingEvent));
    // clock_timestamp, not now(): the transaction started before the handlers ran.
    if (result.delivered.length > 0) {
      await manager.query('UPDATE outbox SET processed_at = clock_timestamp() WHERE id = ANY($1::bigint[])', [
        result.delivered,
      ]);
    }
    if (result.failed) {
      const { id, error, retryInMs } = result.failed;
      await manager.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                next_attempt_at = clock_timestamp() + make_interval(secs => $3)
          WHERE id = $1`,
        [id, error, retryInMs / 1000],
      );
    }
    return result;
  }

  /** Cheap enough for every scrape: both reads use the partial index of pending events. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.store.run('postgres', 'outbox-backlog', () =>
      this.dataSource.query<[{ pending: number; oldest_age_seconds: number }]>(
        `SELECT count(*)::int AS pending,
                coalesce(extract(epoch FROM now() - (
                  SELECT created_at FROM outbox WHERE processed_at IS NULL ORDER BY id LIMIT 1
                )), 0)::float8 AS oldest_age_seconds
           FROM outbox WHERE processed_at IS NULL`,
      ),
    );
    return { pending: row.pending, oldestAgeSeconds: row.oldest_age_seconds };
  }

  /** Forgets delivered events once they are old enough not to help anyone debug. */
  async pruneDelivered(olderThanHours: number): Promise<void> {
    await this.store.run('postgres', 'outbox-prune', () =>
      this.dataSource.query('DELETE FROM outbox WHERE processed_at < now() - make_interval(hours => $1)', [
        olderThanHours,
      ]),
    );
  }
}

function toPendingEvent(row: PendingRow): PendingEvent {
  return {
    id: row.id,
    event: { ...row.payload, type: row.type } as OutboxEvent,
    attempts: row.attempts,
    createdAt: row.created_at,
  };
}
