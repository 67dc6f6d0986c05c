import { Injectable } from '@nestjs/common';
import { type OutboxEvent, type OutboxEventOf, type OutboxEventType } from './outbox-event';

export type OutboxHandler<T extends OutboxEventType> = (event: OutboxEventOf<T>) => Promise<void>;
type AnyHandler = (event: OutboxEvent) => Promise<void>;

/**
 * Where features subscribe to outbox events (in their onModuleInit): the graph follows users,
 * groups and memberships; messages, notifications and files clean up after a deleted user.
 */
@Injectable()
export class OutboxHandlers {
  private readonly handlers = new Map<OutboxEventType, AnyHandler[]>();

  register<T extends OutboxEventType>(type: T, handler: OutboxHandler<T>): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler as AnyHandler]);
  }

  handlersFor(type: OutboxEventType): readonly AnyHandler[] {
    return this.handlers.get(type) ?? [];
  }
}
