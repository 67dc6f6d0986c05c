import { Injectable } from '@nestjs/common';
import { Client } from 'cassandra-driver';
import { StoreUnavailableError } from '../common/store-unavailable.error';
import { StoreOperations } from '../infrastructure/store-operations';

const RECORD = 'INSERT INTO deleted_users (user_id) VALUES (?)';
const FIND = 'SELECT user_id FROM deleted_users WHERE user_id = ?';

/**
 * Users deleted lately, in Cassandra beside the data written for them. A deletion handler
 * records the user before removing their rows, and a write for a user looks here once it is
 * stored: whichever of the two comes second sees the other, so nothing outlives its user,
 * and the check costs the writing route no other store.
 */
@Injectable()
export class DeletedUsersRepository {
  constructor(
    private readonly client: Client,
    private readonly store: StoreOperations,
  ) {}

  async record(userId: string): Promise<void> {
    await this.store.run('cassandra', 'deleted-users.record', () => this.client.execute(RECORD, [userId]));
  }

  /**
   * Whether the user was deleted, asked once their write is stored. If Cassandra fails between
   * the write and this check, the write stands and is answered as accepted: a 503 would have the
   * client retry it into a duplicate. A deletion that runs later still removes it; only one that
   * finished in the moment before the write would leave it, which Cassandra failing at that very
   * moment keeps this check from seeing.
   */
  async deletedMeanwhile(userId: string): Promise<boolean> {
    try {
      const result = await this.store.run('cassandra', 'deleted-users.find', () =>
        this.client.execute(FIND, [userId]),
      );
      return result.rowLength > 0;
    } catch (error) {
      if (error instanceof StoreUnavailableError) return false;
      throw error;
    }
  }
}
