import { setTimeout as sleep } from 'node:timers/promises';
import { type StoreName } from '../../api/src/infrastructure/store-probe';
import { isUnavailable } from '../../api/src/infrastructure/store-unavailability';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

/**
 * Calls `connect` until it succeeds, backing off exponentially, for at most `timeoutMs`: as a
 * Kubernetes Job the seeder often starts before its store accepts connections. Only a store
 * that is not there yet is waited for (as the API tells an outage from an error); one that
 * answered with an error, such as a wrong password or a failing migration, would answer the
 * same again, and the Job fails at once instead of after the whole wait.
 */
export async function waitForStore<T>(
  store: StoreName,
  where: string,
  timeoutMs: number,
  connect: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      return await connect();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!isUnavailable[store](error))
        throw new Error(`${store} at ${where} answered with an error: ${reason}`, { cause: error });
      if (Date.now() + delay > deadline)
        throw new Error(`${store} at ${where} did not answer within ${timeoutMs / 1000} s: ${reason}`, {
          cause: error,
        });
      console.log(`[${store}] waiting for ${where}: ${reason}`);
      await sleep(delay);
    }
  }
}
