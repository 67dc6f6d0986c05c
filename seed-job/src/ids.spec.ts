import { directConversationId, seededTimeUuid, seededUuid, seededUuidV7 } from './ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const time = new Date('2026-03-14T15:09:26.535Z');

describe('seeded ids', () => {
  it('derives the same UUID v7 from the same seed, entity and index, a different one otherwise', () => {
    const id = seededUuidV7(time, 7, 'user', 42);
    expect(id).toMatch(UUID_V7);
    expect(seededUuidV7(time, 7, 'user', 42)).toBe(id);
    expect(seededUuidV7(time, 8, 'user', 42)).not.toBe(id);
    expect(seededUuidV7(time, 7, 'group', 42)).not.toBe(id);
    expect(seededUuidV7(time, 7, 'user', 43)).not.toBe(id);
  });

  it('puts the creation time in the UUID v7 timestamp, so ids sort by creation like the API’s', () => {
    const id = seededUuidV7(time, 7, 'user', 1);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(time.getTime());
    const later = seededUuidV7(new Date(time.getTime() + 1), 7, 'user', 0);
    expect(later > id).toBe(true);
  });

  it('makes name-based ids version 5-shaped and deterministic', () => {
    expect(seededUuid(7, 'x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(seededUuid(7, 'x')).toBe(seededUuid(7, 'x'));
  });

  it('derives time UUIDs that carry their time and differ per message even within one millisecond', () => {
    const first = seededTimeUuid(time, 7, 'message', 'conversation', 0);
    expect(first.getDate()).toEqual(time);
    expect(seededTimeUuid(time, 7, 'message', 'conversation', 0).toString()).toBe(first.toString());
    expect(seededTimeUuid(time, 7, 'message', 'conversation', 1).toString()).not.toBe(first.toString());
  });

  it('gives two users one direct conversation whichever is named first', () => {
    const [a, b] = [seededUuidV7(time, 7, 'user', 1), seededUuidV7(time, 7, 'user', 2)];
    expect(directConversationId(7, a, b)).toBe(directConversationId(7, b, a));
    expect(directConversationId(8, a, b)).not.toBe(directConversationId(7, a, b));
  });
});
