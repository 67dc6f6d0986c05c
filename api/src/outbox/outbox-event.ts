/**
 * What happened to the source of truth (PostgreSQL), recorded in the same transaction as the
 * change and delivered at least once to every store that follows it. Handlers must therefore
 * be idempotent: applying an event twice leaves the same state as applying it once.
 */
export type OutboxEvent =
  | { type: 'user.created'; userId: string }
  | { type: 'user.deleted'; userId: string }
  | { type: 'group.created'; groupId: string; ownerId: string }
  | { type: 'group.deleted'; groupId: string }
  | { type: 'membership.added'; groupId: string; userId: string; role: MemberRole; since: string }
  | { type: 'membership.removed'; groupId: string; userId: string };

export type MemberRole = 'owner' | 'member';
export type OutboxEventType = OutboxEvent['type'];
export type OutboxEventOf<T extends OutboxEventType> = Extract<OutboxEvent, { type: T }>;
