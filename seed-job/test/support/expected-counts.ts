import { bucketOf } from '../../../api/src/messages/message-bucket';
import { Dataset } from '../../src/dataset';
import { parseOptions } from '../../src/options';

/**
 * The rows a complete run of the seeder with `args` leaves in each store, named like
 * SeededStores.count, computed from the dataset itself rather than from what a run reports.
 */
export function expectedCounts(args: string[]): Record<string, number> {
  const options = parseOptions(args);
  if (options === 'help') throw new Error('expected seeder options, not --help');
  const dataset = new Dataset(options.plan);
  const { users, groups, files } = dataset.sizes;
  const memberships = [...dataset.allMemberships()].length;
  const conversationWeeks = new Set<string>();
  const senderWeeks = new Set<string>();
  let messages = 0;
  for (const conversation of dataset.conversations()) {
    for (const { senderId, sentAt } of dataset.messages(conversation)) {
      conversationWeeks.add(`${conversation.id}/${bucketOf(sentAt)}`);
      senderWeeks.add(`${senderId}/${conversation.id}/${bucketOf(sentAt)}`);
      messages++;
    }
  }
  const notifications = Array.from({ length: users }, (_, index) => dataset.notifications(index)).flat();
  return {
    users,
    groups,
    group_members: memberships,
    files,
    conversation_buckets: conversationWeeks.size,
    messages_by_conversation: messages,
    message_buckets_by_sender: senderWeeks.size,
    notifications_by_user: notifications.length,
    unread_notifications_by_user: notifications.filter(({ read }) => !read).length,
    User: users,
    Group: groups,
    FRIEND: [...dataset.friendships()].length,
    MEMBER_OF: memberships,
    objects: files,
  };
}
