/**
 * A small seeded PRNG (mulberry32): one stream per entity, started from the seed and the
 * entity's place, so any entity can be regenerated alone and in any order.
 */
export class Random {
  private state: number;

  constructor(...parts: (string | number)[]) {
    this.state = hash32(parts.join('\u001f'));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)];
  }

  /** A count with the given mean and a long tail (geometric): most small, a few large. */
  geometric(mean: number): number {
    if (mean <= 0) return 0;
    return Math.floor(Math.log(1 - this.next()) / Math.log(mean / (mean + 1)));
  }

  /** A time uniformly between `from` and `to`. */
  between(from: Date, to: Date): Date {
    return new Date(from.getTime() + Math.floor(this.next() * Math.max(0, to.getTime() - from.getTime())));
  }

  /** A 32-bit integer, to seed faker with. */
  seed(): number {
    return Math.floor(this.next() * 4_294_967_296);
  }
}

/**
 * FNV-1a, then a final avalanche (murmur3's): streams are started millions of times per run, so
 * the start is a cheap hash rather than a cryptographic one; the ids use SHA-256 (ids.ts).
 */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
