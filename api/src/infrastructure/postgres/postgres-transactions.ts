import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StoreOperations } from '../store-operations';

/**
 * PostgreSQL transactions of the request path, within the store deadline. The deadline answers
 * the request 503 but cannot stop statements already sent: a transaction whose statements each
 * finished in time but not all of them together would otherwise commit after its 503, and the
 * caller would skip what follows a write (the cache's invalidation). Past its deadline it is
 * rolled back instead, so a 503 means it was not committed, unless the deadline fell during
 * the COMMIT itself.
 */
@Injectable()
export class PostgresTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StoreOperations,
  ) {}

  run<T>(operation: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.store.run('postgres', operation, (deadline) =>
      this.dataSource.transaction(async (manager) => {
        const result = await work(manager);
        deadline.throwIfAborted();
        return result;
      }),
    );
  }
}
