import { execFile } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { type RunningApp } from './app';

const cli = path.resolve(__dirname, '../../../scripts/stores/cli.mjs');
const execFileAsync = promisify(execFile);

export type Store = 'postgres' | 'cassandra' | 'neo4j' | 'redis' | 'minio';

/**
 * Stops, starts, freezes or thaws stores with the same harness a developer uses
 * (`npm run stores:down -- neo4j`).
 */
export async function stores(command: 'up' | 'down' | 'pause' | 'resume', ...names: Store[]): Promise<void> {
  await execFileAsync(process.execPath, [cli, command, ...names], { timeout: 300_000 });
}

/** Retries `assertion` until it passes or `timeoutMs` runs out, then throws its last error. */
export async function eventually<T>(
  assertion: () => Promise<T>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}

/**
 * Waits until the relay has delivered every outbox event written so far, so the stores that
 * follow PostgreSQL (Neo4j's memberships, say) show them. Events are delivered in id order.
 */
export async function outboxDelivered(running: RunningApp, timeoutMs = 20_000): Promise<void> {
  const dataSource = running.app.get(DataSource);
  const [{ last }] = await dataSource.query<{ last: string | null }[]>('SELECT max(id) AS last FROM outbox');
  await eventually(async () => {
    const [{ pending }] = await dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM outbox WHERE processed_at IS NULL AND id <= $1',
      [last ?? 0],
    );
    expect(pending).toBe(0);
  }, timeoutMs);
}
