const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

/**
 * How long an event waits before its next delivery after failing `failures` times: doubling
 * from half a second, capped so that a store coming back is caught up within seconds.
 */
export function retryDelayMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(failures - 1, 0), LONGEST_RETRY_MS);
}
