import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type ObjectLiteral, type Repository } from 'typeorm';
import { StoreOperations } from '../infrastructure/store-operations';
import { FileEntity } from './file.entity';

/** Removes the objects of the given keys from MinIO, throwing if it cannot. */
export type ObjectRemover = (keys: string[]) => Promise<void>;

/** File metadata in PostgreSQL; the objects themselves are in MinIO (FileObjectsRepository). */
@Injectable()
export class FileMetadataRepository {
  private readonly files: Repository<FileEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StoreOperations,
  ) {
    this.files = dataSource.getRepository(FileEntity);
  }

  async insert(file: FileEntity): Promise<void> {
    await this.store.run('postgres', 'file-insert', () => this.files.insert(file));
  }

  findByKey(key: string): Promise<FileEntity | null> {
    return this.store.run('postgres', 'file-find-by-key', () => this.files.findOneBy({ key }));
  }

  /** Up to `limit` files, newest first, after the file `afterKey` if given, of one owner if given. */
  list(ownerId: string | undefined, afterKey: string | undefined, limit: number): Promise<FileEntity[]> {
    return this.store.run('postgres', 'file-list', () =>
      this.files.find({
        where: {
          ...(ownerId === undefined ? {} : { ownerId }),
          ...(afterKey === undefined ? {} : { key: LessThan(afterKey) }),
        },
        order: { key: 'DESC' },
        take: limit,
      }),
    );
  }

  /** Every file's key and when its row was written, in key order, `pageSize` rows per query. */
  async *listAllKeys(pageSize: number): AsyncGenerator<{ key: string; recordedAt: Date }> {
    let afterKey: string | undefined;
    for (;;) {
      const page = this.files
        .createQueryBuilder('file')
        .select(['file.key AS key', 'file.recorded_at AS "recordedAt"'])
        .orderBy('file.key')
        .limit(pageSize);
      if (afterKey !== undefined) page.where('file.key > :afterKey', { afterKey });
      const rows = await this.store.run('postgres', 'file-keys', () =>
        page.getRawMany<{ key: string; recordedAt: Date }>(),
      );
      yield* rows;
      if (rows.length < pageSize) return;
      afterKey = rows[rows.length - 1].key;
    }
  }

  /** Deletes the rows of `keys` alone, for objects already gone; returns the keys it deleted. */
  async deleteRows(keys: string[]): Promise<string[]> {
    const result = await this.store.run('postgres', 'file-delete-rows', () =>
      this.files
        .createQueryBuilder()
        .delete()
        .where('key IN (:...keys)', { keys })
        .returning('key')
        .execute(),
    );
    return (result.raw as { key: string }[]).map((row) => row.key);
  }

  /** Deletes the file `key` and its object; false if there is no such file. */
  async delete(key: string, removeObjects: ObjectRemover): Promise<boolean> {
    const deleted = await this.deleteWithObjects('file-delete', 'key = :key', { key }, removeObjects);
    return deleted.length > 0;
  }

  /** Deletes up to `limit` files of `ownerId` with their objects; returns how many it deleted. */
  async deleteSomeOwnedBy(ownerId: string, limit: number, removeObjects: ObjectRemover): Promise<number> {
    const deleted = await this.deleteWithObjects(
      'file-delete-owned',
      'key IN (SELECT key FROM files WHERE owner_id = :ownerId LIMIT :limit)',
      { ownerId, limit },
      removeObjects,
    );
    return deleted.length;
  }

  /**
   * Deletes rows in a transaction that commits only after their objects are gone: when MinIO
   * fails, the rows stay and the deletion can be retried, so no object is ever left without a
   * row pointing to it. (A failed commit leaves rows without objects, which a retry removes.)
   */
  private async deleteWithObjects(
    operation: string,
    where: string,
    parameters: ObjectLiteral,
    removeObjects: ObjectRemover,
  ): Promise<string[]> {
    const transaction = this.dataSource.createQueryRunner();
    try {
      const keys = await this.store.run('postgres', operation, async () => {
        await transaction.startTransaction();
        const result = await transaction.manager
          .createQueryBuilder()
          .delete()
          .from(FileEntity)
          .where(where, parameters)
          .returning('key')
          .execute();
        return (result.raw as { key: string }[]).map((row) => row.key);
      });
      if (keys.length > 0) await removeObjects(keys);
      await this.store.run('postgres', `${operation}-commit`, () => transaction.commitTransaction());
      return keys;
    } catch (error) {
      if (transaction.isTransactionActive) await transaction.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await transaction.release();
    }
  }
}
