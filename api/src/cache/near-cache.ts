import { LRUCache } from 'lru-cache';
import { type RedisInvalidations } from '../infrastructure/redis/redis-invalidations';

/** A lookup in progress: what it read must not be kept if its entry changed meanwhile. */
export interface NearFlight {
  stale: boolean;
}

/** What a lookup found, to keep: `bytes` is the size of its JSON, which bounds the memory used. */
export interface NearValue {
  part: string;
  value: unknown;
  bytes: number;
  ttlMs: number;
}

interface Copy {
  tag: string;
  value: unknown;
}

const MIB = 1024 * 1024;

/**
 * Copies of Redis' cache entries in process memory, so that a hot read costs no round trip.
 * They are exactly as fresh as Redis: every change to an entry's version key reaches each process
 * through Redis' own invalidation messages (RedisInvalidations), and a copy is kept only while
 * those are heard. A lookup racing an invalidation keeps nothing, whichever arrives first.
 * The copies are bounded by the size of their JSON, least recently used going first.
 */
export class NearCache {
  private readonly copies: LRUCache<string, Copy> | undefined;
  /** The parts (pages of a conversation, a user's friends) kept of each entry, to drop together. */
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly flights = new Map<string, Set<NearFlight>>();

  /** `invalidations` is null exactly when `maxMb` is 0: no copies are kept. */
  constructor(
    private readonly invalidations: RedisInvalidations | null,
    versionPrefix: string,
    maxMb: number,
  ) {
    if (!invalidations || maxMb === 0) return;
    this.copies = new LRUCache<string, Copy>({
      maxSize: maxMb * MIB,
      // Evicted, expired or dropped: its entry no longer lists it.
      dispose: ({ tag }, key) => this.unlist(tag, key),
    });
    invalidations.onInvalidate((keys) => {
      if (keys === null) return this.dropAll();
      for (const key of keys) if (key.startsWith(versionPrefix)) this.drop(key.slice(versionPrefix.length));
    });
  }

  /** The copy of `part` of the entry tagged `tag`, if this process holds one. */
  get(tag: string, part: string): unknown {
    return this.copies?.get(keyOf(tag, part))?.value;
  }

  /** Marks the start of a lookup of `tag` in Redis or its source; `end` must follow. */
  begin(tag: string): NearFlight {
    const flight = { stale: !this.invalidations?.tracking };
    const running = this.flights.get(tag);
    if (running) running.add(flight);
    else this.flights.set(tag, new Set([flight]));
    return flight;
  }

  /** Keeps what the lookup found, unless its entry changed since it began. */
  end(tag: string, flight: NearFlight, found?: NearValue): void {
    const running = this.flights.get(tag);
    running?.delete(flight);
    if (running?.size === 0) this.flights.delete(tag);
    if (!this.copies || !found || flight.stale || !this.invalidations?.tracking) return;
    const key = keyOf(tag, found.part);
    this.copies.set(
      key,
      { tag, value: found.value },
      { ttl: found.ttlMs, size: Math.max(1, Math.ceil(found.bytes)) },
    );
    if (!this.copies.has(key)) return; // larger than the whole bound
    const keys = this.keysByTag.get(tag);
    if (keys) keys.add(key);
    else this.keysByTag.set(tag, new Set([key]));
  }

  /** Forgets the entry here at once; other processes hear of it from Redis. */
  drop(tag: string): void {
    for (const key of [...(this.keysByTag.get(tag) ?? [])]) this.copies?.delete(key);
    for (const flight of this.flights.get(tag) ?? []) flight.stale = true;
  }

  private dropAll(): void {
    this.copies?.clear();
    for (const running of this.flights.values()) for (const flight of running) flight.stale = true;
  }

  private unlist(tag: string, key: string): void {
    const keys = this.keysByTag.get(tag);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByTag.delete(tag);
  }
}

// A tag holds no newline (`{user:<uuid>}`), so the key names one part of one entry.
function keyOf(tag: string, part: string): string {
  return `${tag}\n${part}`;
}
