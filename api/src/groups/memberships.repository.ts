import { Injectable, NotFoundException } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { violatedForeignKey } from '../infrastructure/postgres/postgres-errors';
import { PostgresTransactions } from '../infrastructure/postgres/postgres-transactions';
import { OutboxWriter } from '../outbox/outbox-writer';
import { GroupMemberEntity } from './group-member.entity';

/** Whether the membership was inserted; false when the user already is a member. */
async function insertIfAbsent(manager: EntityManager, membership: GroupMemberEntity): Promise<boolean> {
  const { groupId, userId, role, since } = membership;
  const inserted = (await manager
    .query(
      `INSERT INTO group_members (group_id, user_id, role, since) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [groupId, userId, role, since],
    )
    .catch(rejectMissingGroupOrUser(groupId, userId))) as unknown[];
  return inserted.length > 0;
}

function rejectMissingGroupOrUser(groupId: string, userId: string) {
  return (error: unknown): never => {
    const foreignKey = violatedForeignKey(error);
    if (foreignKey === 'group_members_group_fk') throw new NotFoundException(`group ${groupId} not found`);
    if (foreignKey === 'group_members_user_fk') throw new NotFoundException(`user ${userId} not found`);
    throw error;
  };
}

/**
 * Who belongs to which group, written in PostgreSQL (the source of truth); the relay copies it to
 * Neo4j, where the lists are read (membership-graph.repository.ts).
 */
@Injectable()
export class MembershipsRepository {
  constructor(
    private readonly transactions: PostgresTransactions,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Makes the user a member; if they already are one, nothing changes and `created` is false.
   * A 404 names the group or the user when either does not exist.
   */
  add(groupId: string, userId: string): Promise<{ membership: GroupMemberEntity; created: boolean }> {
    return this.transactions.run('membership-add', async (manager) => {
      const membership: GroupMemberEntity = { groupId, userId, role: 'member', since: new Date() };
      // A conflict locks nothing: the membership it met may be gone by the time it is read
      // (removed, or its group or user deleted meanwhile), and then the insert is tried again.
      for (;;) {
        if (await insertIfAbsent(manager, membership)) {
          await this.outbox.append(manager, {
            type: 'membership.added',
            groupId,
            userId,
            role: membership.role,
            since: membership.since.toISOString(),
          });
          return { membership, created: true };
        }
        const existing = await manager.findOneBy(GroupMemberEntity, { groupId, userId });
        if (existing) return { membership: existing, created: false };
      }
    });
  }

  /** Ends a membership, except the owner's; tells what it found. */
  remove(groupId: string, userId: string): Promise<'removed' | 'owner' | 'not-member'> {
    return this.transactions.run('membership-remove', async (manager) => {
      const membership = await manager.findOne(GroupMemberEntity, {
        where: { groupId, userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!membership) return 'not-member';
      if (membership.role === 'owner') return 'owner';
      await manager.delete(GroupMemberEntity, { groupId, userId });
      await this.outbox.append(manager, { type: 'membership.removed', groupId, userId });
      return 'removed';
    });
  }
}
