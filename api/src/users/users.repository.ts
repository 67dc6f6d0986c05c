import { ConflictException, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { type Pool } from 'pg';
import { DataSource, In, MoreThan, type Repository } from 'typeorm';
import { GroupEntity } from '../groups/group.entity';
import { violatedUniqueConstraint } from '../infrastructure/postgres/postgres-errors';
import { pgPoolOf } from '../infrastructure/postgres/postgres.module';
import { PostgresTransactions } from '../infrastructure/postgres/postgres-transactions';
import { StoreOperations } from '../infrastructure/store-operations';
import { OutboxWriter } from '../outbox/outbox-writer';
import { UserEntity } from './user.entity';

// Every cache miss of GET /users/:id runs it: prepared once per connection.
const FIND_BY_ID = {
  name: 'user-find-by-id',
  text: 'SELECT id, email, name, created_at AS "createdAt", updated_at AS "updatedAt" FROM users WHERE id = $1',
};

export type UserChanges = Partial<Pick<UserEntity, 'email' | 'name'>>;

function rejectTakenEmail(email: string | undefined) {
  return (error: unknown): never => {
    if (violatedUniqueConstraint(error) === 'users_email_key') {
      throw new ConflictException(`email ${email} is already in use`);
    }
    throw error;
  };
}

/** Users in PostgreSQL, their source of truth; every change records its outbox event with it. */
@Injectable()
export class UsersRepository {
  private readonly users: Repository<UserEntity>;
  private readonly pool: Pool;

  constructor(
    dataSource: DataSource,
    private readonly store: StoreOperations,
    private readonly transactions: PostgresTransactions,
    private readonly outbox: OutboxWriter,
  ) {
    this.users = dataSource.getRepository(UserEntity);
    this.pool = pgPoolOf(dataSource);
  }

  /** Which of `ids` are users; what is not a UUID cannot be one. */
  async findExistingIds(ids: string[]): Promise<Set<string>> {
    const candidates = [...new Set(ids)].filter((id) => isUUID(id));
    if (candidates.length === 0) return new Set();
    const found = await this.store.run('postgres', 'user-find-existing', () =>
      this.users.find({ select: { id: true }, where: { id: In(candidates) } }),
    );
    return new Set(found.map((user) => user.id));
  }

  create(user: UserEntity): Promise<UserEntity> {
    return this.transactions.run('user-create', async (manager) => {
      await manager.insert(UserEntity, user).catch(rejectTakenEmail(user.email));
      await this.outbox.append(manager, { type: 'user.created', userId: user.id });
      return user;
    });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.store.run('postgres', 'user-find-by-id', async () => {
      const { rows } = await this.pool.query<UserEntity>({ ...FIND_BY_ID, values: [id] });
      return rows[0] ?? null;
    });
  }

  /** Up to `limit` users in id (so creation) order, after the user `afterId` if given. */
  list(afterId: string | undefined, limit: number): Promise<UserEntity[]> {
    return this.store.run('postgres', 'user-list', () =>
      this.users.find({
        where: afterId === undefined ? {} : { id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: limit,
      }),
    );
  }

  /** The user after `changes`, or null if there is no such user. */
  update(id: string, changes: UserChanges): Promise<UserEntity | null> {
    return this.transactions.run('user-update', async (manager) => {
      const { affected } = await manager
        .update(UserEntity, { id }, { ...changes, updatedAt: new Date() })
        .catch(rejectTakenEmail(changes.email));
      return affected ? manager.findOneByOrFail(UserEntity, { id }) : null;
    });
  }

  /**
   * Deletes the user with the groups they own (their memberships go by cascade), or returns
   * null if there is no such user. Returns the ids of the deleted groups.
   */
  delete(id: string): Promise<{ ownedGroupIds: string[] } | null> {
    return this.transactions.run('user-delete', async (manager) => {
      // Locking the user first makes a concurrent creation of a group they own wait (then
      // fail), so no group of theirs escapes the deletion and its event.
      const locked = await manager.findOne(UserEntity, {
        select: { id: true },
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!locked) return null;
      const deletedGroups = await manager
        .createQueryBuilder()
        .delete()
        .from(GroupEntity)
        .where('owner_id = :id', { id })
        .returning('id')
        .execute();
      const ownedGroupIds = (deletedGroups.raw as { id: string }[]).map((group) => group.id);
      await manager.delete(UserEntity, { id });
      await this.outbox.append(
        manager,
        ...ownedGroupIds.map((groupId) => ({ type: 'group.deleted' as const, groupId })),
        { type: 'user.deleted', userId: id },
      );
      return { ownedGroupIds };
    });
  }
}
