// The writes of a notification's life, shared with the seeder so both fill the tables alike.
export const NOTIFICATION_WRITES = {
  /** An upsert of its primary key, like the unread entry: writing it twice changes nothing. */
  notification:
    'INSERT INTO notifications_by_user (user_id, notification_id, type, message, data, read) VALUES (?, ?, ?, ?, ?, ?)',
  unread:
    'INSERT INTO unread_notifications_by_user (user_id, notification_id, type, message, data) VALUES (?, ?, ?, ?, ?)',
  // The read flag must expire with the rest of its row, or it would outlive it as a row of its own.
  setRead:
    'UPDATE notifications_by_user USING TTL ? SET read = true WHERE user_id = ? AND notification_id = ?',
  deleteUnread: 'DELETE FROM unread_notifications_by_user WHERE user_id = ? AND notification_id = ?',
};
