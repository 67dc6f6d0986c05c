import { type DataSource } from 'typeorm';

// Any fixed 64-bit number: it names this API's migration lock among all advisory locks.
const MIGRATION_LOCK = 7_361_002_515;

/**
 * Applies pending migrations while holding a session advisory lock, so replicas that start
 * together migrate one after another instead of racing on the same DDL.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
