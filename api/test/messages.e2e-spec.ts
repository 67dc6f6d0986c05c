import { types } from 'cassandra-driver';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { encodeCursor } from '../src/common/pagination';
import { bucketOf } from '../src/messages/message-bucket';
import { MessagesRepository } from '../src/messages/messages.repository';
import { OutboxHandlers } from '../src/outbox/outbox-handlers';
import { DeletedUsersRepository } from '../src/users/deleted-users.repository';
import { useApp } from './support/app';
import { eventually, outboxDelivered } from './support/harness';
import { type PageBody, type ProblemBody, client, metricValue } from './support/users-and-groups';

interface MessageBody {
  id: string;
  conversationId: string;
  senderId: string;
  body: string;
  createdAt: string;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

describe('messages', () => {
  const running = useApp();
  const api = client(running);

  const send = (conversationId: string, senderId: string, text: string) =>
    api.call<MessageBody>('POST', '/messages', { conversationId, senderId, body: text });

  /** Every page of a conversation, following nextCursor to the end. */
  async function readAll(conversationId: string, limit: number): Promise<MessageBody[][]> {
    const pages: MessageBody[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await api.call<PageBody<MessageBody>>(
        'GET',
        `/messages/${conversationId}?${query}`,
      );
      expect(status).toBe(200);
      pages.push(body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return pages;
  }

  let senderId: string;

  beforeAll(async () => {
    senderId = (await api.createUser('Message Sender')).id;
  });

  it('stores a message and answers 201 with it, its id a timeuuid of when it was sent', async () => {
    const conversationId = uuidv7();
    const before = Date.now();
    const { status, body } = await send(conversationId, senderId, 'Meet at the station at 9?');

    expect(status).toBe(201);
    expect(body).toEqual({
      id: expect.any(String),
      conversationId,
      senderId,
      body: 'Meet at the station at 9?',
      createdAt: expect.any(String),
    });
    const sentAt = types.TimeUuid.fromString(body.id).getDate();
    expect(sentAt.toISOString()).toBe(body.createdAt);
    expect(sentAt.getTime()).toBeGreaterThanOrEqual(before);

    const page = await api.call<PageBody<MessageBody>>('GET', `/messages/${conversationId}`);
    expect(page.body).toEqual({ items: [body], nextCursor: null });
  });

  it('answers an empty page for a conversation without messages', async () => {
    const { status, body } = await api.call<PageBody<MessageBody>>('GET', `/messages/${uuidv7()}`);
    expect(status).toBe(200);
    expect(body).toEqual({ items: [], nextCursor: null });
  });

  it.each([
    ['conversationId', 'not a UUID', { conversationId: 'not-a-uuid', body: 'hi' }],
    ['senderId', 'a number', { senderId: 42, body: 'hi' }],
    ['body', 'empty', { body: '' }],
    ['body', 'blank', { body: '   ' }],
    ['body', '4001 characters long', { body: 'x'.repeat(4001) }],
    ['body', 'missing', { body: undefined }],
    ['room', 'an unknown field', { body: 'hi', room: 'lobby' }],
  ])('rejects a message whose %s is %s with 400 naming it', async (field, _, overrides) => {
    const { status, body } = await api.call<ProblemBody>('POST', '/messages', {
      conversationId: uuidv7(),
      senderId,
      ...overrides,
    });
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toContain(field);
  });

  it('accepts a body of exactly 4000 characters', async () => {
    const { status, body } = await send(uuidv7(), senderId, 'x'.repeat(4000));
    expect(status).toBe(201);
    expect(body.body).toHaveLength(4000);
  });

  it('answers 404 naming senderId when the sender is not a user', async () => {
    const unknown = uuidv7();
    const { status, body } = await api.call<ProblemBody>('POST', '/messages', {
      conversationId: uuidv7(),
      senderId: unknown,
      body: 'hello?',
    });
    expect(status).toBe(404);
    expect(body.detail).toContain(`senderId ${unknown}`);
  });

  it('pages through 120 messages 50 at a time: each once, strictly newest first', async () => {
    const conversationId = uuidv7();
    const sent: string[] = [];
    for (let i = 0; i < 120; i++) sent.push((await send(conversationId, senderId, `message ${i}`)).body.id);

    const pages = await readAll(conversationId, 50);

    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pages.flat().map((message) => message.id)).toEqual([...sent].reverse());
  }, 120_000);

  it('reads newest first across weekly buckets, over the empty weeks between them', async () => {
    const conversationId = uuidv7();
    const repository = running.app.get(MessagesRepository);
    const now = Date.now();
    const olderAt = async (weeksAgo: number, offsetMs: number) =>
      (
        await repository.insert({
          id: types.TimeUuid.fromDate(new Date(now - weeksAgo * WEEK_MS + offsetMs)),
          conversationId,
          senderId,
          body: `${weeksAgo} weeks ago`,
        })
      ).id;
    // Oldest first, as they would have been sent: three messages five weeks ago, one two weeks ago.
    const fiveWeeksAgo = [await olderAt(5, 0), await olderAt(5, 1), await olderAt(5, 2)];
    const twoWeeksAgo = await olderAt(2, 0);
    const firstThisWeek = (await send(conversationId, senderId, 'now')).body.id;
    const secondThisWeek = (await send(conversationId, senderId, 'now again')).body.id;

    const pages = await readAll(conversationId, 2);

    const ids = pages.flat().map((message) => message.id);
    expect(ids).toEqual([
      secondThisWeek,
      firstThisWeek,
      twoWeeksAgo,
      fiveWeeksAgo[2],
      fiveWeeksAgo[1],
      fiveWeeksAgo[0],
    ]);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2]);
    const buckets = new Set(ids.map((id) => bucketOf(types.TimeUuid.fromString(id).getDate())));
    expect(buckets.size).toBe(3);
  });

  it('reads a conversation of more weeks than one read of its week index returns, whole and in order', async () => {
    const conversationId = uuidv7();
    const repository = running.app.get(MessagesRepository);
    const now = Date.now();
    // One message a week for twelve weeks, oldest first: more weeks than BUCKETS_PER_READ (8).
    const sent: string[] = [];
    for (let weeksAgo = 11; weeksAgo >= 0; weeksAgo--) {
      const message = await repository.insert({
        id: types.TimeUuid.fromDate(new Date(now - weeksAgo * WEEK_MS)),
        conversationId,
        senderId,
        body: `${weeksAgo} weeks ago`,
      });
      sent.push(message.id);
    }
    const newestFirst = [...sent].reverse();

    const whole = await readAll(conversationId, 50);
    expect(whole.map((page) => page.map((message) => message.id))).toEqual([newestFirst]);
    // Pages of five: the third starts from a cursor beyond the first read of the week index.
    const paged = await readAll(conversationId, 5);
    expect(paged.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(paged.flat().map((message) => message.id)).toEqual(newestFirst);
  });

  it.each([
    ['is not base64 JSON', '!!!'],
    ['belongs to notifications', encodeCursor({ notificationId: types.TimeUuid.now().toString() })],
    [
      'names a bucket its message is not in',
      encodeCursor({ bucket: 1, messageId: types.TimeUuid.now().toString() }),
    ],
    [
      'names a message id that is not a timeuuid',
      encodeCursor({ bucket: bucketOf(new Date()), messageId: uuidv7() }),
    ],
  ])('rejects a cursor that %s with 400 naming cursor', async (_, cursor) => {
    const { status, body } = await api.call<ProblemBody>('GET', `/messages/${uuidv7()}?cursor=${cursor}`);
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toEqual(['cursor']);
  });

  it.each([
    ['conversationId', 'not a UUID', `/messages/not-a-uuid`],
    ['limit', 'zero', `/messages/${uuidv7()}?limit=0`],
    ['limit', 'over 100', `/messages/${uuidv7()}?limit=101`],
  ])('rejects a list request whose %s is %s with 400 naming it', async (field, _, path) => {
    const { status, body } = await api.call<ProblemBody>('GET', path);
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toContain(field);
  });

  describe('cache', () => {
    const cacheRequests = (result: 'hit' | 'miss') =>
      metricValue(running, 'cache_requests_total', { cache: 'conversation', result });
    const firstPage = async (conversationId: string) =>
      (await api.call<PageBody<MessageBody>>('GET', `/messages/${conversationId}?limit=50`)).body;

    it('serves a page read again from the cache, answering the same', async () => {
      const conversationId = uuidv7();
      await send(conversationId, senderId, 'hello');
      const [hits, misses] = [await cacheRequests('hit'), await cacheRequests('miss')];
      const first = await firstPage(conversationId);
      const second = await firstPage(conversationId);
      expect(await cacheRequests('miss')).toBe(misses + 1);
      expect(await cacheRequests('hit')).toBe(hits + 1);
      expect(second).toEqual(first);
    });

    it('caches the empty page of a conversation without messages', async () => {
      const conversationId = uuidv7();
      await firstPage(conversationId);
      const hits = await cacheRequests('hit');
      expect(await firstPage(conversationId)).toEqual({ items: [], nextCursor: null });
      expect(await cacheRequests('hit')).toBe(hits + 1);
    });

    it('shows a message at once in a page read before it was sent', async () => {
      const conversationId = uuidv7();
      const first = (await send(conversationId, senderId, 'first')).body;
      expect((await firstPage(conversationId)).items).toEqual([first]);
      const second = (await send(conversationId, senderId, 'second')).body;
      expect((await firstPage(conversationId)).items).toEqual([second, first]);
    });

    it('keeps a later page no longer than the first one cached: the entry expires as one', async () => {
      const conversationId = uuidv7();
      await send(conversationId, senderId, 'hello');
      const key = `cache:{conversation:${conversationId}}`;
      const redis = running.app.get(Redis);
      await firstPage(conversationId);
      const leftAfterFirst = await redis.pttl(key);
      await sleep(1100);
      await api.call('GET', `/messages/${conversationId}?limit=10`);
      expect(await redis.hlen(key)).toBe(2);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(leftAfterFirst - 1000);
    });

    it('shows a message sent to the conversation id in upper case in the page read in lower case', async () => {
      const conversationId = uuidv7();
      expect((await firstPage(conversationId)).items).toEqual([]);
      const sent = (await send(conversationId.toUpperCase(), senderId, 'shouting')).body;
      expect((await firstPage(conversationId)).items.map((message) => message.id)).toEqual([sent.id]);
    });
  });

  describe('when the sender is deleted', () => {
    const bodiesIn = async (conversationId: string) =>
      (await readAll(conversationId, 100)).flat().map((message) => `${message.senderId}:${message.body}`);

    it('removes every message they sent, in every conversation and week, idempotently; others keep theirs', async () => {
      const [leaving, staying] = [(await api.createUser()).id, (await api.createUser()).id];
      const [group, direct] = [uuidv7(), uuidv7()];
      const repository = running.app.get(MessagesRepository);
      await repository.insert({
        id: types.TimeUuid.fromDate(new Date(Date.now() - 3 * WEEK_MS)),
        conversationId: group,
        senderId: leaving,
        body: 'three weeks ago',
      });
      for (const conversationId of [group, direct]) {
        await send(conversationId, leaving, 'bye');
        await send(conversationId, staying, 'stay');
      }
      const handlers = running.app.get(OutboxHandlers).handlersFor('user.deleted');

      // Delivered twice, as an at-least-once outbox may: every handler succeeds both times, since
      // one that failed would hold up every event behind it.
      for (let delivery = 0; delivery < 2; delivery++) {
        await Promise.all(handlers.map((handle) => handle({ type: 'user.deleted', userId: leaving })));
        expect(await bodiesIn(group)).toEqual([`${staying}:stay`]);
        expect(await bodiesIn(direct)).toEqual([`${staying}:stay`]);
      }
    }, 60_000);

    it('reaches the messages through DELETE /users/:id and the outbox relay', async () => {
      const leaving = (await api.createUser()).id;
      const conversationId = uuidv7();
      expect((await send(conversationId, leaving, 'soon gone')).status).toBe(201);

      expect((await api.call('DELETE', `/users/${leaving}`)).status).toBe(204);
      await eventually(async () => expect(await bodiesIn(conversationId)).toEqual([]), 20_000);
    }, 60_000);

    it('removes their messages from pages read before, once the outbox delivered the deletion', async () => {
      const [leaving, staying] = [(await api.createUser()).id, (await api.createUser()).id];
      const [group, direct] = [uuidv7(), uuidv7()];
      for (const conversationId of [group, direct]) {
        await send(conversationId, leaving, 'bye');
        await send(conversationId, staying, 'stay');
        expect(await bodiesIn(conversationId)).toEqual([`${staying}:stay`, `${leaving}:bye`]);
      }

      expect((await api.call('DELETE', `/users/${leaving}`)).status).toBe(204);
      await outboxDelivered(running);
      expect(await bodiesIn(group)).toEqual([`${staying}:stay`]);
      expect(await bodiesIn(direct)).toEqual([`${staying}:stay`]);
    }, 60_000);

    it('refuses a message whose sender is deleted while it is being stored, and keeps nothing of it', async () => {
      const leaving = (await api.createUser()).id;
      const conversationId = uuidv7();
      const repository = running.app.get(MessagesRepository);
      const insert = repository.insert.bind(repository);
      // The sender goes, and the relay deletes what they sent, between the existence check and the write.
      const spy = jest.spyOn(repository, 'insert').mockImplementationOnce(async (message) => {
        expect((await api.call('DELETE', `/users/${leaving}`)).status).toBe(204);
        const deletedUsers = running.app.get(DeletedUsersRepository);
        await eventually(async () => expect(await deletedUsers.deletedMeanwhile(leaving)).toBe(true), 20_000);
        return insert(message);
      });

      const { status, body } = await api.call<ProblemBody>('POST', '/messages', {
        conversationId,
        senderId: leaving,
        body: 'too late',
      });
      spy.mockRestore();
      expect(status).toBe(404);
      expect(body.detail).toMatch(/senderId/);
      expect(await bodiesIn(conversationId)).toEqual([]);
    }, 60_000);
  });
});

describe('messages of a prolific sender', () => {
  // Short against the walk below, long against any one of its calls.
  const STORE_TIMEOUT_MS = 1000;
  const CONVERSATIONS = 1500;
  const running = useApp({ STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS) });

  it('are all deleted with them, in a walk longer than one store call may take', async () => {
    const leaving = (await client(running).createUser()).id;
    const repository = running.app.get(MessagesRepository);
    const conversations = Array.from({ length: CONVERSATIONS }, () => uuidv7());
    for (let start = 0; start < CONVERSATIONS; start += 50)
      await Promise.all(
        conversations.slice(start, start + 50).map((conversationId) =>
          repository.insert({
            id: types.TimeUuid.now(),
            conversationId,
            senderId: leaving,
            body: 'one of many',
          }),
        ),
      );
    const handlers = running.app.get(OutboxHandlers).handlersFor('user.deleted');

    const startedAt = Date.now();
    await Promise.all(handlers.map((handle) => handle({ type: 'user.deleted', userId: leaving })));

    // The premise: the walk as a whole outlasted the deadline of one call.
    expect(Date.now() - startedAt).toBeGreaterThan(STORE_TIMEOUT_MS);
    const week = [bucketOf(new Date())];
    const left = await Promise.all(
      [0, CONVERSATIONS / 2, CONVERSATIONS - 1].map((index) =>
        repository.inBuckets(conversations[index], week, 10),
      ),
    );
    expect(left.flat()).toEqual([]);
  }, 60_000);
});
