import { Injectable } from '@nestjs/common';
import { Client, types } from 'cassandra-driver';
import { StoreOperations } from '../infrastructure/store-operations';
import { NOTIFICATION_WRITES } from './notification-writes';

export interface Notification {
  /** A time-based UUID (v1): its time is when the notification was created. */
  id: string;
  userId: string;
  type: string;
  message: string;
  data: Record<string, unknown> | null;
  read: boolean;
  createdAt: Date;
}

export interface NewNotification {
  id: types.TimeUuid;
  userId: string;
  type: string;
  message: string;
  data?: Record<string, unknown>;
}

/** A notification to mark as read, with the seconds its row has left to live (null: forever). */
export interface ToMarkRead {
  id: string;
  ttl: number | null;
}

export interface UnreadPage {
  unread: ToMarkRead[];
  pageState?: string;
}

const LIST = {
  all: {
    newest:
      'SELECT notification_id, type, message, data, read FROM notifications_by_user WHERE user_id = ? LIMIT ?',
    before:
      'SELECT notification_id, type, message, data, read FROM notifications_by_user WHERE user_id = ? AND notification_id < ? LIMIT ?',
  },
  unread: {
    newest:
      'SELECT notification_id, type, message, data FROM unread_notifications_by_user WHERE user_id = ? LIMIT ?',
    before:
      'SELECT notification_id, type, message, data FROM unread_notifications_by_user WHERE user_id = ? AND notification_id < ? LIMIT ?',
  },
};
const FIND =
  'SELECT notification_id, type, message, data, read, TTL(type) AS ttl FROM notifications_by_user WHERE user_id = ? AND notification_id = ?';
const UNREAD_TO_MARK =
  'SELECT notification_id, TTL(type) AS ttl FROM unread_notifications_by_user WHERE user_id = ?';
const COUNT_UNREAD = 'SELECT COUNT(*) AS count FROM unread_notifications_by_user WHERE user_id = ?';
const DELETE_USER = {
  all: 'DELETE FROM notifications_by_user WHERE user_id = ?',
  unread: 'DELETE FROM unread_notifications_by_user WHERE user_id = ?',
};

/** Small enough that a logged batch of a page's updates stays under Cassandra's batch-size warning. */
const MARK_READ_PAGE_SIZE = 25;

@Injectable()
export class NotificationsRepository {
  constructor(
    private readonly client: Client,
    private readonly store: StoreOperations,
  ) {}

  /** Both tables in one logged batch: a notification is never stored without its unread entry. */
  async insert(notification: NewNotification): Promise<Notification> {
    const { id, userId, type, message, data } = notification;
    // undefined binds as "unset", so a notification without data writes no tombstone.
    const params = [userId, id, type, message, data && JSON.stringify(data)];
    await this.store.run('cassandra', 'notifications.insert', () =>
      this.client.batch(
        [
          { query: NOTIFICATION_WRITES.notification, params: [...params, false] },
          { query: NOTIFICATION_WRITES.unread, params },
        ],
        { logged: true },
      ),
    );
    return {
      id: id.toString(),
      userId,
      type,
      message,
      data: data ?? null,
      read: false,
      createdAt: id.getDate(),
    };
  }

  /** Newest first, older than `beforeId` if given. */
  async list(userId: string, unreadOnly: boolean, limit: number, beforeId?: string): Promise<Notification[]> {
    const statements = unreadOnly ? LIST.unread : LIST.all;
    const result = await this.store.run('cassandra', 'notifications.list', () =>
      beforeId
        ? this.client.execute(statements.before, [userId, beforeId, limit])
        : this.client.execute(statements.newest, [userId, limit]),
    );
    return result.rows.map((row) => toNotification(userId, row));
  }

  /** The notification with the seconds its row has left to live (null: forever), if it exists. */
  async find(userId: string, id: string): Promise<{ notification: Notification; ttl: number | null } | null> {
    const result = await this.store.run('cassandra', 'notifications.find', () =>
      this.client.execute(FIND, [userId, id]),
    );
    const row = result.first();
    return row ? { notification: toNotification(userId, row), ttl: row.get('ttl') as number | null } : null;
  }

  /** One page of the user's unread notifications to mark as read. */
  async unreadToMark(userId: string, pageState?: string): Promise<UnreadPage> {
    const result = await this.store.run('cassandra', 'notifications.unread-to-mark', () =>
      this.client.execute(UNREAD_TO_MARK, [userId], { fetchSize: MARK_READ_PAGE_SIZE, pageState }),
    );
    const unread = result.rows.map((row) => ({
      id: (row.get('notification_id') as types.TimeUuid).toString(),
      ttl: row.get('ttl') as number | null,
    }));
    return { unread, pageState: result.pageState ?? undefined };
  }

  /** Sets the read flags and drops the unread entries together; idempotent. */
  async markRead(userId: string, notifications: ToMarkRead[]): Promise<void> {
    if (notifications.length === 0) return;
    const queries = notifications.flatMap(({ id, ttl }) => [
      // TTL 0 means "never expires", like a row written without one.
      { query: NOTIFICATION_WRITES.setRead, params: [ttl ?? 0, userId, id] },
      { query: NOTIFICATION_WRITES.deleteUnread, params: [userId, id] },
    ]);
    await this.store.run('cassandra', 'notifications.mark-read', () =>
      this.client.batch(queries, { logged: true }),
    );
  }

  /**
   * Counts the user's one unread partition on the server; it stays small because reading
   * deletes entries and the retention TTL expires the rest.
   */
  async countUnread(userId: string): Promise<number> {
    const result = await this.store.run('cassandra', 'notifications.count-unread', () =>
      this.client.execute(COUNT_UNREAD, [userId]),
    );
    return (result.first().get('count') as types.Long).toNumber();
  }

  /** Drops the user's partitions; deleting what is already gone changes nothing. */
  async deleteAllOf(userId: string): Promise<void> {
    await this.store.run('cassandra', 'notifications.delete-user', () =>
      this.client.batch(
        [
          { query: DELETE_USER.all, params: [userId] },
          { query: DELETE_USER.unread, params: [userId] },
        ],
        { logged: true },
      ),
    );
  }
}

function toNotification(userId: string, row: types.Row): Notification {
  const id = row.get('notification_id') as types.TimeUuid;
  const data = row.get('data') as string | null;
  return {
    id: id.toString(),
    userId,
    type: row.get('type') as string,
    message: row.get('message') as string,
    data: data === null ? null : (JSON.parse(data) as Record<string, unknown>),
    // The unread table has no read column: everything in it is unread.
    read: (row.get('read') as boolean | undefined) ?? false,
    createdAt: id.getDate(),
  };
}
