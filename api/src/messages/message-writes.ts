// The writes that store one message, shared with the seeder so both fill the tables alike.
// Each is an upsert of its primary key: writing a message twice changes nothing.
export const MESSAGE_WRITES = {
  /** The week, in the conversation's list of weeks: readers skip the weeks not listed. */
  conversationBucket: 'INSERT INTO conversation_buckets (conversation_id, bucket) VALUES (?, ?)',
  /** The conversation week, in the sender's list: deleting the sender finds their messages by it. */
  senderBucket: 'INSERT INTO message_buckets_by_sender (sender_id, conversation_id, bucket) VALUES (?, ?, ?)',
  message:
    'INSERT INTO messages_by_conversation (conversation_id, bucket, message_id, sender_id, body) VALUES (?, ?, ?, ?, ?)',
};
