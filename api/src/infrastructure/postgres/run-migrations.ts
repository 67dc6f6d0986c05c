import { DataSource } from 'typeorm';
import { type AppConfig } from '../../config/app-config';
import { connectionOptions } from './connection-options';
import { migrations } from './migrations';

// Any fixed 64-bit number: it names this API's migration lock among all advisory locks.
const MIGRATION_LOCK = 7_361_002_515;

/**
 * Applies pending migrations while holding a session advisory lock, so replicas and seed Jobs
 * that start together migrate one after another instead of racing on the same DDL. On
 * connections of its own, without the API's query timeout: DDL on a large table, and waiting
 * for another process' migration, may take far longer than a request's query.
 */
export async function runMigrations(config: AppConfig, applicationName: string): Promise<void> {
  const dataSource = await new DataSource({
    ...connectionOptions(config, applicationName),
    migrations,
    // Two: one holds the advisory lock while TypeORM migrates on the other.
    extra: { max: 2, connectionTimeoutMillis: 2000 },
  }).initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
