import { types } from 'cassandra-driver';
import { isInt, isUUID } from 'class-validator';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { bucketOf } from './message-bucket';
import { type Message } from './messages.repository';

/** Where the next page of a conversation starts: just older than `messageId`, stored in `bucket`. */
export interface MessageCursor {
  bucket: number;
  messageId: string;
}

function isMessageCursor(position: unknown): position is MessageCursor {
  const { bucket, messageId } = (position ?? {}) as Partial<MessageCursor>;
  // A bucket that is not the one of the id's time would make reads skip or repeat messages.
  return (
    isInt(bucket) &&
    isUUID(messageId, 1) &&
    bucket === bucketOf(types.TimeUuid.fromString(messageId as string).getDate())
  );
}

export function messageCursorAfter(message: Message): string {
  return encodeCursor({ bucket: bucketOf(message.createdAt), messageId: message.id } satisfies MessageCursor);
}

export function decodeMessageCursor(cursor: string): MessageCursor {
  return decodeCursor(cursor, isMessageCursor);
}
