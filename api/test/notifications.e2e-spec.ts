import { Client, types } from 'cassandra-driver';
import { v7 as uuidv7 } from 'uuid';
import { encodeCursor } from '../src/common/pagination';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { OutboxHandlers } from '../src/outbox/outbox-handlers';
import { DeletedUsersRepository } from '../src/users/deleted-users.repository';
import { useApp } from './support/app';
import { eventually } from './support/harness';
import { type PageBody, type ProblemBody, client } from './support/users-and-groups';

interface NotificationBody {
  id: string;
  userId: string;
  type: string;
  message: string;
  data: Record<string, unknown> | null;
  read: boolean;
  createdAt: string;
}

describe('notifications', () => {
  const running = useApp();
  const api = client(running);
  const createUser = async () => (await api.createUser('Notified User')).id;

  async function notify(userId: string, message = 'Ana wants to be your friend'): Promise<NotificationBody> {
    const { status, body } = await api.call<NotificationBody>('POST', '/notifications', {
      userId,
      type: 'friend.request',
      message,
    });
    expect(status).toBe(201);
    return body;
  }

  const list = (userId: string, query = '') =>
    api.call<PageBody<NotificationBody>>('GET', `/notifications/${userId}${query}`);
  const unreadCount = async (userId: string) =>
    (await api.call<{ count: number }>('GET', `/notifications/${userId}/unread-count`)).body.count;
  const markRead = (userId: string, id: string) =>
    api.call<NotificationBody>('PATCH', `/notifications/${userId}/${id}/read`);

  it('stores a notification and answers 201 with it, unread', async () => {
    const userId = await createUser();
    const data = { fromUserId: uuidv7(), tripName: 'Lisbon' };
    const { status, body } = await api.call<NotificationBody>('POST', '/notifications', {
      userId,
      type: 'friend.request',
      message: 'Ana wants to be your friend',
      data,
    });

    expect(status).toBe(201);
    expect(body).toEqual({
      id: expect.any(String),
      userId,
      type: 'friend.request',
      message: 'Ana wants to be your friend',
      data,
      read: false,
      createdAt: types.TimeUuid.fromString(body.id).getDate().toISOString(),
    });
    expect((await list(userId)).body).toEqual({ items: [body], nextCursor: null });
  });

  it('answers data as null when a notification has none', async () => {
    const userId = await createUser();
    expect((await notify(userId)).data).toBeNull();
  });

  it.each([
    ['userId', 'not a UUID', { userId: 'not-a-uuid' }],
    ['type', 'empty', { type: '' }],
    ['type', 'not a lower-case word', { type: 'Friend Request' }],
    ['type', '65 characters long', { type: 'x'.repeat(65) }],
    ['message', 'empty', { message: '' }],
    ['message', '1001 characters long', { message: 'x'.repeat(1001) }],
    ['data', 'an array', { data: ['not', 'an', 'object'] }],
    ['data', 'over 2048 bytes as JSON', { data: { blob: 'x'.repeat(2048) } }],
    ['priority', 'an unknown field', { priority: 'high' }],
  ])('rejects a notification whose %s is %s with 400 naming it', async (field, _, overrides) => {
    const { status, body } = await api.call<ProblemBody>('POST', '/notifications', {
      userId: uuidv7(),
      type: 'friend.request',
      message: 'hello',
      ...overrides,
    });
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toContain(field);
  });

  it('answers 404 naming userId when the recipient is not a user', async () => {
    const unknown = uuidv7();
    const { status, body } = await api.call<ProblemBody>('POST', '/notifications', {
      userId: unknown,
      type: 'friend.request',
      message: 'hello',
    });
    expect(status).toBe(404);
    expect(body.detail).toContain(`userId ${unknown}`);
  });

  it('answers an empty page and no unread for a user without notifications', async () => {
    const userId = uuidv7();
    expect((await list(userId)).body).toEqual({ items: [], nextCursor: null });
    expect(await unreadCount(userId)).toBe(0);
  });

  it('pages newest first, each notification once', async () => {
    const userId = await createUser();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await notify(userId, `notification ${i}`)).id);

    const seen: NotificationBody[][] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await list(userId, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(body.items);
      cursor = body.nextCursor;
    } while (cursor);

    expect(seen.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(seen.flat().map((notification) => notification.id)).toEqual([...created].reverse());
  });

  it('lists only the unread ones with ?unread=true', async () => {
    const userId = await createUser();
    const [first, second, third] = [await notify(userId), await notify(userId), await notify(userId)];
    await markRead(userId, second.id);

    const unread = await list(userId, '?unread=true');
    expect(unread.body.items.map((notification) => notification.id)).toEqual([third.id, first.id]);
    expect(unread.body.items.every((notification) => !notification.read)).toBe(true);

    const unreadPage = await list(userId, '?unread=true&limit=1');
    expect(unreadPage.body.items.map((notification) => notification.id)).toEqual([third.id]);
    const nextPage = await list(userId, `?unread=true&limit=1&cursor=${unreadPage.body.nextCursor}`);
    expect(nextPage.body).toEqual({ items: [first], nextCursor: null });
  });

  it('marks a notification as read, idempotently', async () => {
    const userId = await createUser();
    const notification = await notify(userId);

    const first = await markRead(userId, notification.id);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ...notification, read: true });
    const again = await markRead(userId, notification.id);
    expect(again).toEqual(first);

    expect((await list(userId)).body.items).toEqual([{ ...notification, read: true }]);
  });

  it.each(['alone', 'with all the others'])(
    'keeps the read flag no longer than the rest of its notification, marked %s',
    async (how) => {
      const userId = await createUser();
      const notification = await notify(userId);
      const cassandra = running.app.get(Client);
      // An hour left, as for a notification near the end of its retention: a flag written with
      // the tables' own default TTL (the whole retention) would outlive the notification.
      for (const table of ['notifications_by_user', 'unread_notifications_by_user'])
        await cassandra.execute(
          `UPDATE ${table} USING TTL 3600 SET type = ?, message = ? WHERE user_id = ? AND notification_id = ?`,
          [notification.type, notification.message, userId, notification.id],
          { prepare: true },
        );
      if (how === 'alone') expect((await markRead(userId, notification.id)).status).toBe(200);
      else expect((await api.call('POST', `/notifications/${userId}/read-all`)).status).toBe(204);

      const row = (
        await cassandra.execute(
          'SELECT TTL(type) AS row_ttl, TTL(read) AS read_ttl, read FROM notifications_by_user WHERE user_id = ? AND notification_id = ?',
          [userId, notification.id],
        )
      ).first();
      expect(row.get('read')).toBe(true);
      const rowTtl = row.get('row_ttl') as number;
      expect(rowTtl).toBeLessThanOrEqual(3600);
      expect(Math.abs((row.get('read_ttl') as number) - rowTtl)).toBeLessThanOrEqual(2);
    },
  );

  it('answers 404 for a notification the user does not have', async () => {
    const userId = await createUser();
    const notification = await notify(userId);
    expect((await markRead(userId, types.TimeUuid.now().toString())).status).toBe(404);
    expect((await markRead(await createUser(), notification.id)).status).toBe(404);
  });

  it.each([
    ['userId', 'not a UUID', () => `/notifications/not-a-uuid/${types.TimeUuid.now().toString()}/read`],
    ['notificationId', 'a UUID but not time-based', () => `/notifications/${uuidv7()}/${uuidv7()}/read`],
    ['notificationId', 'not a UUID', () => `/notifications/${uuidv7()}/nope/read`],
  ])('rejects marking as read when %s is %s with 400 naming it', async (field, _, path) => {
    const { status, body } = await api.call<ProblemBody>('PATCH', path());
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toEqual([field]);
  });

  it('counts the unread ones before and after reading', async () => {
    const userId = await createUser();
    const notifications = [await notify(userId), await notify(userId), await notify(userId)];
    expect(await unreadCount(userId)).toBe(3);

    await markRead(userId, notifications[0].id);
    await markRead(userId, notifications[0].id);
    expect(await unreadCount(userId)).toBe(2);
  });

  it('marks all as read, across more than one batch of unread', async () => {
    const userId = await createUser();
    for (let i = 0; i < 30; i++) await notify(userId, `notification ${i}`);
    expect(await unreadCount(userId)).toBe(30);

    const { status } = await api.call('POST', `/notifications/${userId}/read-all`);

    expect(status).toBe(204);
    expect(await unreadCount(userId)).toBe(0);
    expect((await list(userId, '?unread=true')).body.items).toEqual([]);
    const all = await list(userId, '?limit=100');
    expect(all.body.items).toHaveLength(30);
    expect(all.body.items.every((notification) => notification.read)).toBe(true);
  });

  it.each([
    ['unread', 'not true or false', '?unread=yes'],
    ['limit', 'zero', '?limit=0'],
    ['cursor', 'not base64 JSON', '?cursor=!!!'],
    [
      'cursor',
      'a messages cursor',
      `?cursor=${encodeCursor({ bucket: 1, messageId: types.TimeUuid.now().toString() })}`,
    ],
    ['cursor', 'after an id that is not time-based', `?cursor=${encodeCursor({ notificationId: uuidv7() })}`],
  ])('rejects a list request whose %s is %s with 400 naming it', async (field, _, query) => {
    const { status, body } = await api.call<ProblemBody>('GET', `/notifications/${uuidv7()}${query}`);
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.field)).toEqual([field]);
  });

  it('removes the notifications of a deleted user when the outbox delivers user.deleted, idempotently', async () => {
    const userId = await createUser();
    const bystander = await createUser();
    await notify(userId);
    await notify(userId);
    const kept = await notify(bystander);
    const handlers = running.app.get(OutboxHandlers).handlersFor('user.deleted');
    expect(handlers.length).toBeGreaterThan(0);

    // Delivered twice, as an at-least-once outbox may: every handler succeeds both times, since
    // one that failed would hold up every event behind it.
    for (let delivery = 0; delivery < 2; delivery++) {
      await Promise.all(handlers.map((handle) => handle({ type: 'user.deleted', userId })));
      expect((await list(userId)).body.items).toEqual([]);
      expect(await unreadCount(userId)).toBe(0);
    }
    expect((await list(bystander)).body.items).toEqual([kept]);
  }, 60_000);

  // The user goes, and the relay deletes their notifications, between the read of what to mark
  // and the marking, whose upserts would otherwise write rows of a read flag alone.
  const deletingTheUserBefore =
    <A extends unknown[], R>(userId: string, read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const found = await read(...args);
      expect((await api.call('DELETE', `/users/${userId}`)).status).toBe(204);
      const deletedUsers = running.app.get(DeletedUsersRepository);
      await eventually(async () => expect(await deletedUsers.deletedMeanwhile(userId)).toBe(true), 20_000);
      return found;
    };

  it.each([
    ['one notification', (userId: string, id: string) => `/notifications/${userId}/${id}/read`, 'PATCH'],
    ['all notifications', (userId: string) => `/notifications/${userId}/read-all`, 'POST'],
  ])(
    'answers 404 when marking %s read of a user deleted meanwhile, and keeps nothing of them',
    async (_, path, method) => {
      const userId = await createUser();
      const { id } = await notify(userId);
      const repository = running.app.get(NotificationsRepository);
      const spies = [
        jest
          .spyOn(repository, 'find')
          .mockImplementationOnce(deletingTheUserBefore(userId, repository.find.bind(repository))),
        jest
          .spyOn(repository, 'unreadToMark')
          .mockImplementationOnce(deletingTheUserBefore(userId, repository.unreadToMark.bind(repository))),
      ];

      const { status } = await api.call(method, path(userId, id));
      for (const spy of spies) spy.mockRestore();
      expect(status).toBe(404);
      expect((await list(userId)).body.items).toEqual([]);
      expect(await unreadCount(userId)).toBe(0);
    },
    60_000,
  );

  it('refuses a notification whose user is deleted while it is being stored, and keeps nothing of it', async () => {
    const userId = await createUser();
    const repository = running.app.get(NotificationsRepository);
    const insert = repository.insert.bind(repository);
    // The user goes, and the relay deletes their notifications, between the existence check and the write.
    const spy = jest.spyOn(repository, 'insert').mockImplementationOnce(async (notification) => {
      expect((await api.call('DELETE', `/users/${userId}`)).status).toBe(204);
      const deletedUsers = running.app.get(DeletedUsersRepository);
      await eventually(async () => expect(await deletedUsers.deletedMeanwhile(userId)).toBe(true), 20_000);
      return insert(notification);
    });

    const { status } = await api.call('POST', '/notifications', {
      userId,
      type: 'trip.update',
      message: 'late',
    });
    spy.mockRestore();
    expect(status).toBe(404);
    expect((await list(userId)).body.items).toEqual([]);
    expect(await unreadCount(userId)).toBe(0);
  }, 60_000);
});
