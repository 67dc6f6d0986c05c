/** What one request learnt of its client's window. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window ends and the count starts again. */
  resetSeconds: number;
}

/** The decision for the `count`th request of a window that ends in `ttlMs`. */
export function decide(count: number, ttlMs: number, limit: number): RateLimitDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    // Rounded up, so that a client waiting this long never arrives before the reset.
    resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
  };
}

/** Response headers of a decision: RateLimit-* (IETF httpapi draft) and Retry-After when refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
  if (!decision.allowed) headers['retry-after'] = String(decision.resetSeconds);
  return headers;
}
