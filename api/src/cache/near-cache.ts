import { LRUCache } from 'lru-cache';
import { type RedisInvalidations } from '../infrastructure/redis/redis-invalidations';

/** A lookup in progress: what it read must not be kept if its entry changed meanwhile. */
export interface NearFlight {
  stale: boolean;
}

// Pages of one entry (a conversation's, a user's friends) a process keeps at most.
const MAX_PARTS_PER_ENTRY = 32;

/**
 * Copies of Redis' cache entries in process memory, so that a hot read costs no round trip.
 * They are exactly as fresh as Redis: every change to an entry's version key reaches each process
 * through Redis' own invalidation messages (RedisInvalidations), and a copy is kept only while
 * those are heard. A lookup racing an invalidation keeps nothing, whichever arrives first.
 */
export class NearCache {
  private readonly entries: LRUCache<string, Map<string, unknown>> | undefined;
  private readonly flights = new Map<string, Set<NearFlight>>();

  constructor(
    private readonly invalidations: RedisInvalidations,
    versionPrefix: string,
    maxEntries: number,
  ) {
    if (maxEntries === 0) return;
    this.entries = new LRUCache({ max: maxEntries, ttlAutopurge: false });
    invalidations.onInvalidate((keys) => {
      if (keys === null) return this.dropAll();
      for (const key of keys) if (key.startsWith(versionPrefix)) this.drop(key.slice(versionPrefix.length));
    });
  }

  /** The copy of `part` of the entry tagged `tag`, if this process holds one. */
  get(tag: string, part: string): unknown {
    return this.entries?.get(tag)?.get(part);
  }

  /** Marks the start of a lookup of `tag` in Redis or its source; `end` must follow. */
  begin(tag: string): NearFlight {
    const flight = { stale: !this.invalidations.tracking };
    const running = this.flights.get(tag);
    if (running) running.add(flight);
    else this.flights.set(tag, new Set([flight]));
    return flight;
  }

  /** Keeps what the lookup found, unless its entry changed since it began, for at most `ttlMs`. */
  end(tag: string, flight: NearFlight, found?: { part: string; value: unknown; ttlMs: number }): void {
    const running = this.flights.get(tag);
    running?.delete(flight);
    if (running?.size === 0) this.flights.delete(tag);
    if (!this.entries || !found || flight.stale || !this.invalidations.tracking) return;
    let parts = this.entries.get(tag);
    if (!parts || parts.size >= MAX_PARTS_PER_ENTRY) {
      parts = new Map();
      this.entries.set(tag, parts, { ttl: found.ttlMs });
    }
    parts.set(found.part, found.value);
  }

  /** Forgets the entry here at once; other processes hear of it from Redis. */
  drop(tag: string): void {
    this.entries?.delete(tag);
    for (const flight of this.flights.get(tag) ?? []) flight.stale = true;
  }

  private dropAll(): void {
    this.entries?.clear();
    for (const running of this.flights.values()) for (const flight of running) flight.stale = true;
  }
}
