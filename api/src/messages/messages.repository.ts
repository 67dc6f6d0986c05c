import { Injectable } from '@nestjs/common';
import { Client, types } from 'cassandra-driver';
import { StoreOperations } from '../infrastructure/store-operations';
import { bucketOf } from './message-bucket';

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

const INSERT_BUCKET = 'INSERT INTO conversation_buckets (conversation_id, bucket) VALUES (?, ?)';
const INSERT_MESSAGE =
  'INSERT INTO messages_by_conversation (conversation_id, bucket, message_id, sender_id, body) VALUES (?, ?, ?, ?, ?)';
const SELECT_BUCKETS = 'SELECT bucket FROM conversation_buckets WHERE conversation_id = ? AND bucket <= ?';
const SELECT_MESSAGES =
  'SELECT message_id, sender_id, body FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ? LIMIT ?';
const SELECT_MESSAGES_BEFORE =
  'SELECT message_id, sender_id, body FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ? AND message_id < ? LIMIT ?';

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
   * Stores a message in the bucket of its id's time. The bucket is recorded first: if the
   * message write then fails, readers merely skip an empty bucket, whereas the other order
   * could store a message that no read ever finds. Both writes are idempotent upserts.
   */
  async insert(message: NewMessage): Promise<Message> {
    const createdAt = message.id.getDate();
    const bucket = bucketOf(createdAt);
    const { id, conversationId, senderId, body } = message;
    await this.store.run('cassandra', 'messages.insert', async () => {
      await this.client.execute(INSERT_BUCKET, [conversationId, bucket]);
      await this.client.execute(INSERT_MESSAGE, [conversationId, bucket, id, senderId, body]);
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

  /** Up to `limit` messages of one bucket, newest first, older than `beforeId` if given. */
  async inBucket(
    conversationId: string,
    bucket: number,
    limit: number,
    beforeId?: string,
  ): Promise<Message[]> {
    const result = await this.store.run('cassandra', 'messages.read', () =>
      beforeId
        ? this.client.execute(SELECT_MESSAGES_BEFORE, [conversationId, bucket, beforeId, limit])
        : this.client.execute(SELECT_MESSAGES, [conversationId, bucket, limit]),
    );
    return result.rows.map((row) => {
      const id = row.get('message_id') as types.TimeUuid;
      return {
        id: id.toString(),
        conversationId,
        senderId: (row.get('sender_id') as types.Uuid).toString(),
        body: row.get('body') as string,
        createdAt: id.getDate(),
      };
    });
  }
}
