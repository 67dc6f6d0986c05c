import { createHash } from 'node:crypto';
import { types } from 'cassandra-driver';

/**
 * Every identifier the seeder writes derives from the seed and the entity's place in the
 * dataset, never from the clock or a random source: a re-run computes the same ids and finds
 * what an earlier (or interrupted) run already wrote.
 */
export function digest(...parts: (string | number)[]): Buffer {
  return createHash('sha256').update(parts.join('\u001f')).digest();
}

/**
 * A UUID v7 (RFC 9562) like the API mints: its 48-bit timestamp is `time`, so seeded ids sort
 * by creation time as the API's do; the 74 bits the API draws at random come from `parts`.
 */
export function seededUuidV7(time: Date, ...parts: (string | number)[]): string {
  const bytes = Buffer.from(digest(...parts).subarray(0, 16));
  bytes.writeUIntBE(time.getTime(), 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return formatUuid(bytes);
}

/** A name-based UUID (v5-shaped, SHA-256 rather than SHA-1) for ids that carry no time. */
export function seededUuid(...parts: (string | number)[]): string {
  const bytes = Buffer.from(digest(...parts).subarray(0, 16));
  bytes[6] = 0x50 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return formatUuid(bytes);
}

/**
 * A time-based UUID (v1) whose time is `time`, as Cassandra orders messages and notifications
 * by; node and clock sequence come from `parts`, so two seeded rows never share an id.
 */
export function seededTimeUuid(time: Date, ...parts: (string | number)[]): types.TimeUuid {
  const bits = digest(...parts);
  const ticks = bits.readUInt16BE(8) % 10_000;
  return types.TimeUuid.fromDate(time, ticks, bits.subarray(0, 6), bits.subarray(6, 8));
}

/** The direct conversation of two users: one id whichever of them is asked about. */
export function directConversationId(seed: number, userId: string, otherId: string): string {
  const [low, high] = [userId, otherId].sort();
  return seededUuid(seed, 'direct-conversation', low, high);
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
