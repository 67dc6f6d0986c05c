import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { type OutboxEvent } from './outbox-event';
import { OutboxRecord } from './outbox-record.entity';
import { OutboxRelay } from './outbox-relay';

/**
 * Records outbox events inside the caller's TypeORM transaction, so they exist if and only if
 * its changes commit, and wakes the relay once that transaction has committed.
 */
@Injectable()
export class OutboxWriter implements EntitySubscriberInterface {
  /** Transactions that wrote events and have not ended yet. */
  private readonly writers = new WeakSet<QueryRunner>();

  constructor(
    dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {
    // TypeORM tells its subscribers when transactions end; that is how commits reach the relay.
    dataSource.subscribers.push(this);
  }

  async append(manager: EntityManager, ...events: OutboxEvent[]): Promise<void> {
    const transaction = manager.queryRunner;
    if (!transaction?.isTransactionActive) throw new Error('outbox events must be written in a transaction');
    await manager.insert(
      OutboxRecord,
      events.map(({ type, ...payload }) => ({ type, payload })),
    );
    this.writers.add(transaction);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    // A released savepoint also reports a commit; only the outer commit makes events visible.
    if (queryRunner.isTransactionActive) return;
    if (this.writers.delete(queryRunner)) this.relay.wake();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.writers.delete(queryRunner);
  }
}
