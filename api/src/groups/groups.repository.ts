import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, MoreThan, type Repository } from 'typeorm';
import { violatedForeignKey } from '../infrastructure/postgres/postgres-errors';
import { PostgresTransactions } from '../infrastructure/postgres/postgres-transactions';
import { StoreOperations } from '../infrastructure/store-operations';
import { OutboxWriter } from '../outbox/outbox-writer';
import { GroupMemberEntity } from './group-member.entity';
import { GroupEntity } from './group.entity';

export type GroupChanges = Partial<Pick<GroupEntity, 'name' | 'description'>>;

function rejectMissingOwner(ownerId: string) {
  return (error: unknown): never => {
    if (violatedForeignKey(error) === 'groups_owner_fk') {
      const message = `ownerId: user ${ownerId} not found`;
      throw new NotFoundException({ detail: message, errors: [{ field: 'ownerId', message }] });
    }
    throw error;
  };
}

/** Groups in PostgreSQL, their source of truth; every change records its outbox events with it. */
@Injectable()
export class GroupsRepository {
  private readonly groups: Repository<GroupEntity>;

  constructor(
    dataSource: DataSource,
    private readonly store: StoreOperations,
    private readonly transactions: PostgresTransactions,
    private readonly outbox: OutboxWriter,
  ) {
    this.groups = dataSource.getRepository(GroupEntity);
  }

  /** Creates the group with its owner as first member; a 404 naming ownerId if they do not exist. */
  create(group: GroupEntity): Promise<GroupEntity> {
    const { id: groupId, ownerId, createdAt: since } = group;
    return this.transactions.run('group-create', async (manager) => {
      await manager.insert(GroupEntity, group).catch(rejectMissingOwner(ownerId));
      await manager.insert(GroupMemberEntity, { groupId, userId: ownerId, role: 'owner', since });
      await this.outbox.append(
        manager,
        { type: 'group.created', groupId, ownerId },
        { type: 'membership.added', groupId, userId: ownerId, role: 'owner', since: since.toISOString() },
      );
      return group;
    });
  }

  findById(id: string): Promise<GroupEntity | null> {
    return this.store.run('postgres', 'group-find-by-id', () => this.groups.findOneBy({ id }));
  }

  /** Up to `limit` groups in id (so creation) order, after the group `afterId` if given. */
  list(afterId: string | undefined, limit: number): Promise<GroupEntity[]> {
    return this.store.run('postgres', 'group-list', () =>
      this.groups.find({
        where: afterId === undefined ? {} : { id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: limit,
      }),
    );
  }

  /** The group after `changes`, or null if there is no such group. */
  update(id: string, changes: GroupChanges): Promise<GroupEntity | null> {
    return this.transactions.run('group-update', async (manager) => {
      const { affected } = await manager.update(GroupEntity, { id }, { ...changes, updatedAt: new Date() });
      return affected ? manager.findOneByOrFail(GroupEntity, { id }) : null;
    });
  }

  /** Deletes the group and, by cascade, its memberships; false if there is no such group. */
  delete(id: string): Promise<boolean> {
    return this.transactions.run('group-delete', async (manager) => {
      const { affected } = await manager.delete(GroupEntity, { id });
      if (!affected) return false;
      await this.outbox.append(manager, { type: 'group.deleted', groupId: id });
      return true;
    });
  }
}
