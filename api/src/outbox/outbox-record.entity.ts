import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type OutboxEventType } from './outbox-event';

/** One event in the outbox table; `payload` is the event without its `type`. */
@Entity({ name: 'outbox' })
export class OutboxRecord {
  /** bigserial: the order events are delivered in. pg hands bigints over as strings. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') type!: OutboxEventType;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('integer', { default: 0 }) attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' }) nextAttemptAt!: Date;
  @Column('timestamptz', { name: 'processed_at', nullable: true }) processedAt!: Date | null;
}
