import { Injectable } from '@nestjs/common';
import { Client, types } from 'cassandra-driver';
import { StoreOperations } from '../infrastructure/store-operations';
import { bucketOf } from './message-bucket';
import { MESSAGE_WRITES } from './message-writes';

export interface Message {
  /** A time-based UUID (v1): its time is when the message was sent and orders the conversation. */
  id: string;
  conversationId: string;
  senderId: string;
  body: string;
  createdAt: Date;
}

export interface NewMessage {
  id: types.TimeUuid;
  conversationId: string;
  senderId: string;
  body: string;
}

const SELECT_BUCKETS = 'SELECT bucket FROM conversation_buckets WHERE conversation_id = ? AND bucket <= ?';
// Several weeks in one read: Cassandra reads their partitions side by side rather than the API
// asking week after week. A week's messages are all older than those of any later week, so the
// cursor's bound (`message_id < ?`) takes nothing from the weeks before the cursor's own.
const SELECT_MESSAGES =
  'SELECT bucket, message_id, sender_id, body FROM messages_by_conversation WHERE conversation_id = ? AND bucket IN ? PER PARTITION LIMIT ?';
const SELECT_MESSAGES_BEFORE =
  'SELECT bucket, message_id, sender_id, body FROM messages_by_conversation WHERE conversation_id = ? AND bucket IN ? AND message_id < ? PER PARTITION LIMIT ?';
const SENDER = {
  buckets: 'SELECT conversation_id, bucket FROM message_buckets_by_sender WHERE sender_id = ?',
  // Filtering inside one partition reads only that partition, which the bucket bounds.
  messages:
    'SELECT message_id FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ? AND sender_id = ? ALLOW FILTERING',
  deleteMessage:
    'DELETE FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ? AND message_id = ?',
  deleteBucket:
    'DELETE FROM message_buckets_by_sender WHERE sender_id = ? AND conversation_id = ? AND bucket = ?',
};
/** Rows of a sender's index, or of their messages in one week, read at a time. */
const SENDER_PAGE = 500;

/** Most conversations fill a page from their newest one or two weeks. */
const BUCKETS_PER_READ = 8;
const NEWEST_BUCKET = 2 ** 31 - 1;

export interface BucketsPage {
  buckets: number[];
  /** The driver's paging state for the next buckets; absent after the oldest. */
  pageState?: string;
}

@Injectable()
export class MessagesRepository {
  constructor(
    private readonly client: Client,
    private readonly store: StoreOperations,
  ) {}

  /**
   * Stores a message in the bucket of its id's time. The bucket is recorded, in the
   * conversation's and the sender's lists, first: if the message write then fails, readers
   * merely skip an empty bucket, whereas the other order could store a message that neither a
   * read nor the sender's deletion ever finds. All writes are idempotent upserts.
   */
  async insert(message: NewMessage): Promise<Message> {
    const createdAt = message.id.getDate();
    const bucket = bucketOf(createdAt);
    const { id, conversationId, senderId, body } = message;
    await this.store.run('cassandra', 'messages.insert', async () => {
      await Promise.all([
        this.client.execute(MESSAGE_WRITES.conversationBucket, [conversationId, bucket]),
        this.client.execute(MESSAGE_WRITES.senderBucket, [senderId, conversationId, bucket]),
      ]);
      await this.client.execute(MESSAGE_WRITES.message, [conversationId, bucket, id, senderId, body]);
    });
    return { id: id.toString(), conversationId, senderId, body, createdAt };
  }

  /** The conversation's buckets, newest first, starting at `atOrBefore` (the newest if absent). */
  async buckets(conversationId: string, atOrBefore?: number, pageState?: string): Promise<BucketsPage> {
    const result = await this.store.run('cassandra', 'messages.buckets', () =>
      this.client.execute(SELECT_BUCKETS, [conversationId, atOrBefore ?? NEWEST_BUCKET], {
        fetchSize: BUCKETS_PER_READ,
        pageState,
      }),
    );
    return {
      buckets: result.rows.map((row) => row.get('bucket') as number),
      pageState: result.pageState ?? undefined,
    };
  }

  /**
   * Up to `limit` messages of each of `buckets` (given newest first), older than `beforeId` if
   * given: all of them newest first.
   */
  async inBuckets(
    conversationId: string,
    buckets: number[],
    limit: number,
    beforeId?: string,
  ): Promise<Message[]> {
    if (buckets.length === 0) return [];
    const result = await this.store.run('cassandra', 'messages.read', () =>
      beforeId
        ? this.client.execute(SELECT_MESSAGES_BEFORE, [conversationId, buckets, beforeId, limit])
        : this.client.execute(SELECT_MESSAGES, [conversationId, buckets, limit]),
    );
    // Each partition comes newest first, the partitions in an order CQL does not promise.
    const byBucket = new Map<number, Message[]>(buckets.map((bucket) => [bucket, []]));
    for (const row of result.rows) {
      const id = row.get('message_id') as types.TimeUuid;
      byBucket.get(row.get('bucket') as number)?.push({
        id: id.toString(),
        conversationId,
        senderId: (row.get('sender_id') as types.Uuid).toString(),
        body: row.get('body') as string,
        createdAt: id.getDate(),
      });
    }
    return [...byBucket.values()].flat();
  }

  /**
   * Deletes every message the user sent, week by week of each conversation they wrote in, and
   * tells `changed` of each conversation a week of which lost messages. A week's index row goes
   * last, so a run cut short is finished, and its conversations told, by the next one.
   */
  async deleteAllSentBy(senderId: string, changed: (conversationId: string) => Promise<void>): Promise<void> {
    // A call, not the whole walk, has the store's deadline: a prolific sender's walk may take
    // longer than it without Cassandra failing.
    await this.eachPage('messages.sender-weeks', SENDER.buckets, [senderId], async (weeks) => {
      for (const row of weeks) {
        const week = [row.get('conversation_id') as types.Uuid, row.get('bucket') as number] as const;
        // A page of the week's messages at a time, in one batch of their single partition.
        await this.eachPage(
          'messages.sender-messages',
          SENDER.messages,
          [...week, senderId],
          async (messages) => {
            const deletes = messages.map((message) => ({
              query: SENDER.deleteMessage,
              params: [...week, message.get('message_id')],
            }));
            if (deletes.length > 0)
              await this.store.run('cassandra', 'messages.delete-sender', () =>
                this.client.batch(deletes, { logged: false }),
              );
          },
        );
        await changed(week[0].toString());
        await this.store.run('cassandra', 'messages.delete-sender-week', () =>
          this.client.execute(SENDER.deleteBucket, [senderId, ...week]),
        );
      }
    });
  }

  private async eachPage(
    operation: string,
    query: string,
    params: unknown[],
    visit: (rows: types.Row[]) => Promise<void>,
  ): Promise<void> {
    let pageState: string | undefined;
    do {
      const page = await this.store.run('cassandra', operation, () =>
        this.client.execute(query, params, { fetchSize: SENDER_PAGE, pageState }),
      );
      await visit(page.rows);
      pageState = page.pageState ?? undefined;
    } while (pageState);
  }
}
