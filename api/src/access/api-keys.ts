import { createHash, timingSafeEqual } from 'node:crypto';

const digestOf = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The configured API keys, matched in constant time: both sides are hashed to 32 bytes, so
 * neither a key's length nor its first differing byte shows in how long a comparison takes, and
 * every key is compared whichever matches.
 */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digestOf);
  }

  /** False when no key is configured: authentication is then off (development and tests only). */
  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /**
   * A stable, non-secret id of the key `candidate` is (a prefix of its SHA-256), or undefined
   * when it is none of them.
   */
  identify(candidate: string): string | undefined {
    const digest = digestOf(candidate);
    let matched: Buffer | undefined;
    for (const key of this.digests) {
      if (timingSafeEqual(digest, key)) matched = key;
    }
    return matched?.subarray(0, 8).toString('hex');
  }
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750), or undefined. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}
