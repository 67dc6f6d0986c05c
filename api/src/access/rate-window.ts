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

/** One client's window as this process knows it. */
interface ClientWindow {
  /** When the window ends (epoch ms), from Redis' PTTL; 0 until Redis has answered. */
  endsAt: number;
  /** The window's count as Redis last answered it, other replicas' requests included. */
  synced: number;
  /** Counted here and sent to Redis, not answered yet. */
  sending: number;
  /** Counted here, not sent yet. */
  pending: number;
}

/** Requests of one client to add to its Redis count in one sync. */
export interface ClientCount {
  client: string;
  count: number;
}

/**
 * The windows of the clients this process has seen, counted here between syncs with Redis.
 * A count moves from pending to sending when a sync takes it and into synced when Redis
 * answers, so requests counted while a sync is in flight are neither lost nor counted twice.
 */
export class RateWindows {
  private readonly clients = new Map<string, ClientWindow>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.clients.size;
  }

  /** Counts a request and decides it here; undefined when the client has no live window here. */
  hit(client: string, now: number): RateLimitDecision | undefined {
    const window = this.clients.get(client);
    if (!window || window.endsAt <= now) return undefined;
    window.pending += 1;
    return decide(window.synced + window.sending + window.pending, window.endsAt - now, this.limit);
  }

  /** Takes a client's pending count, plus `extra` requests not counted yet, for a sync of its own. */
  take(client: string, extra: number): number {
    const window = this.windowOf(client);
    const count = window.pending + extra;
    window.pending = 0;
    window.sending += count;
    return count;
  }

  /**
   * Takes every client's pending count for one sync, and forgets the clients whose window
   * ended with nothing left to send, so that the map holds only clients of live windows.
   */
  takeAll(now: number): ClientCount[] {
    const taken: ClientCount[] = [];
    for (const [client, window] of this.clients) {
      if (window.pending > 0) taken.push({ client, count: this.take(client, 0) });
      else if (window.endsAt <= now && window.sending === 0) this.clients.delete(client);
    }
    return taken;
  }

  /** Redis counted `sent` requests of `client`: its window now holds `count` and ends in `ttlMs`. */
  synced(client: string, sent: number, count: number, ttlMs: number, now: number): void {
    const window = this.windowOf(client);
    window.sending -= sent;
    window.synced = count;
    window.endsAt = now + ttlMs;
  }

  /** A sync of `sent` requests failed: they wait for the next one, but for `uncounted` let through unchecked. */
  unsynced(client: string, sent: number, uncounted = 0): void {
    const window = this.windowOf(client);
    window.sending -= sent;
    window.pending += sent - uncounted;
  }

  private windowOf(client: string): ClientWindow {
    let window = this.clients.get(client);
    if (!window) {
      window = { endsAt: 0, synced: 0, sending: 0, pending: 0 };
      this.clients.set(client, window);
    }
    return window;
  }
}
