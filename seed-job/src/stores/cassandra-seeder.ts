import { type Client, concurrent } from 'cassandra-driver';
import { connectWithSchema } from '../../../api/src/infrastructure/cassandra/cassandra-client';
import { bucketOf } from '../../../api/src/messages/message-bucket';
import { MESSAGE_WRITES } from '../../../api/src/messages/message-writes';
import { NOTIFICATION_WRITES } from '../../../api/src/notifications/notification-writes';
import { type Dataset } from '../dataset';
import { waitForStore } from '../wait-for-store';
import { cassandraMark } from './completion-marks';
import { chunked, range, type SeedContext, seedOnce } from './seed-context';

// Enough requests in flight to keep a node busy without queueing past the driver's timeouts.
const CONCURRENCY = 64;
const CHUNK_STATEMENTS = 4_000;

interface Statement {
  query: string;
  params: unknown[];
}

/**
 * Messages of every conversation and every user's notifications, with the API's own statements:
 * upserts of deterministic keys, so a run resumed after an interruption writes nothing twice.
 */
export async function seedCassandra(context: SeedContext): Promise<void> {
  const { dataset, identity, config, waitTimeoutMs, progress } = context;
  const where = `${config.CASSANDRA_HOST}:${config.CASSANDRA_PORT}`;
  const client = await waitForStore('cassandra', where, waitTimeoutMs, () =>
    // Bulk writes queue up behind each other: far longer timeouts than a request's.
    connectWithSchema(config, { connectTimeout: 5000, readTimeout: 20_000 }),
  );
  try {
    await seedOnce(progress, 'cassandra', cassandraMark(client, identity), (stats) =>
      writeAll(client, dataset, (table, rows) => progress.count(stats, table, rows)),
    );
  } finally {
    await client.shutdown();
  }
}

async function writeAll(
  client: Client,
  dataset: Dataset,
  written: (table: string, rows: number) => void,
): Promise<void> {
  const run = async (table: string, statements: Statement[]) => {
    if (statements.length === 0) return;
    await concurrent.executeConcurrent(client, statements, {
      concurrencyLevel: CONCURRENCY,
      raiseOnFirstError: true,
      collectResults: false,
    });
    written(table, statements.length);
  };

  for (const conversations of chunked(dataset.conversations(), 100)) {
    const buckets = new Map<string, Statement>();
    const senderBuckets = new Map<string, Statement>();
    const messages: Statement[] = [];
    for (const conversation of conversations) {
      for (const { id, senderId, body, sentAt } of dataset.messages(conversation)) {
        const bucket = bucketOf(sentAt);
        buckets.set(`${conversation.id}/${bucket}`, {
          query: MESSAGE_WRITES.conversationBucket,
          params: [conversation.id, bucket],
        });
        senderBuckets.set(`${senderId}/${conversation.id}/${bucket}`, {
          query: MESSAGE_WRITES.senderBucket,
          params: [senderId, conversation.id, bucket],
        });
        messages.push({
          query: MESSAGE_WRITES.message,
          params: [conversation.id, bucket, id, senderId, body],
        });
      }
    }
    // Buckets before their messages, as the API writes them: readers and the deletion of a
    // sender list buckets to find messages.
    await run('conversation_buckets', [...buckets.values()]);
    await run('message_buckets_by_sender', [...senderBuckets.values()]);
    for (const chunk of chunked(messages, CHUNK_STATEMENTS)) await run('messages_by_conversation', chunk);
  }

  for (const users of chunked(range(dataset.sizes.users), 500)) {
    const all: Statement[] = [];
    const unread: Statement[] = [];
    for (const userIndex of users) {
      for (const { userId, id, type, message, data, read } of dataset.notifications(userIndex)) {
        all.push({
          query: NOTIFICATION_WRITES.notification,
          params: [userId, id, type, message, data, read],
        });
        if (!read)
          unread.push({ query: NOTIFICATION_WRITES.unread, params: [userId, id, type, message, data] });
      }
    }
    // The unread entry last: the API never has one without its notification.
    await run('notifications_by_user', all);
    await run('unread_notifications_by_user', unread);
  }
}
