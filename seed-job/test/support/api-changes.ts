import { type types } from 'cassandra-driver';
import { loadConfig } from '../../../api/src/config/app-config';
import { NOTIFICATION_WRITES } from '../../../api/src/notifications/notification-writes';
import { statIfPresent } from '../../src/stores/object-stat';
import { type SeededStores } from './seeded-stores';

const { STORAGE_BUCKET } = loadConfig();

/** One change of each kind the API makes to seeded data, in each store, and how to read it back. */
export class ApiChanges {
  private constructor(
    private readonly stores: SeededStores,
    private readonly deletedUser: string,
    private readonly readNotification: { userId: string; id: types.TimeUuid },
    private readonly rejoined: { userId: string; groupId: string; since: string },
    private readonly deletedFile: string,
  ) {}

  /** Deletes a user and a file, marks a notification read, and has a member leave and join again. */
  static async make(stores: SeededStores, seed: number): Promise<ApiChanges> {
    const users = (
      await stores.pg.query<{ id: string }>('SELECT id FROM users WHERE email LIKE $1 ORDER BY id', [
        `%@seed${seed}.example.com`,
      ])
    ).rows.map(({ id }) => id);
    // Its memberships go with it (ON DELETE CASCADE), as when the API deletes a user.
    await stores.pg.query('DELETE FROM users WHERE id = $1', [users[0]]);

    const readNotification = await firstUnread(stores, users.slice(1));
    const unread = await stores.cassandra.execute(
      'SELECT TTL(type) AS ttl FROM unread_notifications_by_user WHERE user_id = ? AND notification_id = ?',
      [readNotification.userId, readNotification.id],
      { prepare: true },
    );
    await stores.cassandra.batch(
      [
        {
          query: NOTIFICATION_WRITES.setRead,
          params: [unread.first().get('ttl') as number, readNotification.userId, readNotification.id],
        },
        { query: NOTIFICATION_WRITES.deleteUnread, params: [readNotification.userId, readNotification.id] },
      ],
      { prepare: true, logged: true },
    );

    // Leaving deletes the edge and joining again merges it with the time of joining.
    const since = new Date().toISOString();
    const [membership] = (
      await stores.neo4j.executeQuery(
        `MATCH (user:User)-[membership:MEMBER_OF {role: 'member'}]->(group:Group) WHERE user.id IN $users
         WITH user, membership, group LIMIT 1
         SET membership.since = datetime($since)
         RETURN user.id AS userId, group.id AS groupId`,
        { users: users.slice(1), since },
      )
    ).records.map((record) => record.toObject() as { userId: string; groupId: string });

    const {
      rows: [{ key: deletedFile }],
    } = await stores.pg.query<{ key: string }>(
      'DELETE FROM files WHERE key = (SELECT key FROM files WHERE owner_id = ANY($1) ORDER BY key LIMIT 1) RETURNING key',
      [users.slice(1)],
    );
    await stores.minio.removeObject(STORAGE_BUCKET, deletedFile);

    return new ApiChanges(stores, users[0], readNotification, { ...membership, since }, deletedFile);
  }

  /** What the stores hold now where the changes were made. */
  async state() {
    const { pg, cassandra, neo4j, minio } = this.stores;
    const { userId, id } = this.readNotification;
    const notification = await cassandra.execute(
      'SELECT read FROM notifications_by_user WHERE user_id = ? AND notification_id = ?',
      [userId, id],
      { prepare: true },
    );
    const unread = await cassandra.execute(
      'SELECT notification_id FROM unread_notifications_by_user WHERE user_id = ? AND notification_id = ?',
      [userId, id],
      { prepare: true },
    );
    const membership = await neo4j.executeQuery(
      `MATCH (:User {id: $userId})-[membership:MEMBER_OF]->(:Group {id: $groupId})
       RETURN membership.since = datetime($since) AS sinceKept`,
      this.rejoined,
    );
    return {
      deletedUserRows: (await pg.query('SELECT 1 FROM users WHERE id = $1', [this.deletedUser])).rowCount,
      notificationRead: notification.first().get('read') as boolean,
      unreadRows: unread.rowLength,
      rejoinedSinceKept: membership.records.map((record) => record.get('sinceKept') as boolean),
      deletedFileRows: (await pg.query('SELECT 1 FROM files WHERE key = $1', [this.deletedFile])).rowCount,
      deletedObjectFound: (await statIfPresent(minio, STORAGE_BUCKET, this.deletedFile)) !== null,
    };
  }
}

async function firstUnread(stores: SeededStores, users: string[]) {
  for (const userId of users) {
    const result = await stores.cassandra.execute(
      'SELECT notification_id FROM unread_notifications_by_user WHERE user_id = ? LIMIT 1',
      [userId],
      { prepare: true },
    );
    const row = result.first();
    if (row) return { userId, id: row.get('notification_id') as types.TimeUuid };
  }
  throw new Error('no seeded user has an unread notification');
}
