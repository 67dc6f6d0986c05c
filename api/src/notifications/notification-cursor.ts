import { isUUID } from 'class-validator';
import { decodeCursor, encodeCursor } from '../common/pagination';

/** Where the next page of a user's notifications starts: just older than `notificationId`. */
interface NotificationCursor {
  notificationId: string;
}

function isNotificationCursor(position: unknown): position is NotificationCursor {
  return isUUID((position as Partial<NotificationCursor> | null)?.notificationId, 1);
}

export function notificationCursorAfter(notificationId: string): string {
  return encodeCursor({ notificationId } satisfies NotificationCursor);
}

export function decodeNotificationCursor(cursor: string): NotificationCursor {
  return decodeCursor(cursor, isNotificationCursor);
}
