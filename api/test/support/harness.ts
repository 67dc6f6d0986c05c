import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const cli = path.resolve(__dirname, '../../../scripts/stores/cli.mjs');
const execFileAsync = promisify(execFile);

export type Store = 'postgres' | 'cassandra' | 'neo4j' | 'redis' | 'minio';

/** Stops or starts stores with the same harness a developer uses (`npm run stores:down -- neo4j`). */
export async function stores(command: 'up' | 'down', ...names: Store[]): Promise<void> {
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
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
