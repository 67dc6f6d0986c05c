// After a failure, Redis is tried again once a second, one call at a time: a hung Redis then
// costs one request a second its timeout, not every request.
export const REDIS_RETRY_AFTER_MS = 1000;

/**
 * Whether to ask Redis now, shared by every caller of the API's Redis connection (the cache and
 * the rate limiter). Redis only caches and counts: once a call to it has failed, waiting out its
 * deadline on every request while it hangs would slow every request for nothing, so callers
 * skip it, and one call at a time tries it again every `retryAfterMs` until one succeeds.
 */
export class RedisBreaker {
  /** When Redis may be tried again; 0 while it answers. */
  private retryAt = 0;
  private probing = false;

  constructor(
    private readonly retryAfterMs = REDIS_RETRY_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether Redis has failed and not answered since. */
  get open(): boolean {
    return this.retryAt !== 0;
  }

  /** True while Redis answers; while it fails, true for one call once `retryAfterMs` has passed. */
  allow(): boolean {
    if (!this.open) return true;
    if (this.probing || this.now() < this.retryAt) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    this.retryAt = 0;
    this.probing = false;
  }

  failed(): void {
    this.retryAt = this.now() + this.retryAfterMs;
    this.probing = false;
  }
}
