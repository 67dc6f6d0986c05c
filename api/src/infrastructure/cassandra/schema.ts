import { type AppConfig } from '../../config/app-config';

/** The keyspace, replicated per datacenter so the same schema serves a laptop and a real cluster. */
export function keyspaceStatement(config: AppConfig): string {
  const replication = `{'class': 'NetworkTopologyStrategy', '${config.CASSANDRA_DATACENTER}': ${config.CASSANDRA_REPLICATION_FACTOR}}`;
  return `CREATE KEYSPACE IF NOT EXISTS ${config.CASSANDRA_KEYSPACE} WITH replication = ${replication}`;
}

/** How long a notification is kept: 90 days, after which Cassandra expires its rows. */
export const NOTIFICATION_RETENTION_SECONDS = 90 * 24 * 60 * 60;

/** Every table, created idempotently on start; features add theirs here. */
export const tableStatements: string[] = [
  // Messages: one partition per conversation and ISO week (messages/message-bucket.ts), newest first.
  `CREATE TABLE IF NOT EXISTS messages_by_conversation (
    conversation_id uuid, bucket int, message_id timeuuid, sender_id uuid, body text,
    PRIMARY KEY ((conversation_id, bucket), message_id)
  ) WITH CLUSTERING ORDER BY (message_id DESC)`,
  // The weeks a conversation has messages in, so reads skip the empty ones.
  `CREATE TABLE IF NOT EXISTS conversation_buckets (
    conversation_id uuid, bucket int,
    PRIMARY KEY ((conversation_id), bucket)
  ) WITH CLUSTERING ORDER BY (bucket DESC)`,
  // The conversation weeks each user wrote in: deleting a user reads only the partitions that
  // hold their messages. Bounded by conversations times weeks, a row each, however much they write.
  `CREATE TABLE IF NOT EXISTS message_buckets_by_sender (
    sender_id uuid, conversation_id uuid, bucket int,
    PRIMARY KEY ((sender_id), conversation_id, bucket)
  )`,
  // Notifications: one partition per user, bounded by the retention.
  `CREATE TABLE IF NOT EXISTS notifications_by_user (
    user_id uuid, notification_id timeuuid, type text, message text, data text, read boolean,
    PRIMARY KEY ((user_id), notification_id)
  ) WITH CLUSTERING ORDER BY (notification_id DESC) AND default_time_to_live = ${NOTIFICATION_RETENTION_SECONDS}`,
  // The unread ones, in full, deleted on read: the unread list and count read only this.
  `CREATE TABLE IF NOT EXISTS unread_notifications_by_user (
    user_id uuid, notification_id timeuuid, type text, message text, data text,
    PRIMARY KEY ((user_id), notification_id)
  ) WITH CLUSTERING ORDER BY (notification_id DESC) AND default_time_to_live = ${NOTIFICATION_RETENTION_SECONDS}`,
  // Users deleted lately (users/deleted-users.repository.ts); a day outlasts any request racing it.
  `CREATE TABLE IF NOT EXISTS deleted_users (user_id uuid PRIMARY KEY) WITH default_time_to_live = 86400`,
];
