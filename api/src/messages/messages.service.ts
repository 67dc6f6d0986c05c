import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { types } from 'cassandra-driver';
import { type Page, type PageQuery } from '../common/pagination';
import { OutboxHandlers } from '../outbox/outbox-handlers';
import { DeletedUsersRepository } from '../users/deleted-users.repository';
import { UsersService } from '../users/users.service';
import { type CreateMessageDto } from './create-message.dto';
import { decodeMessageCursor, messageCursorAfter } from './message-cursor';
import { type Message, MessagesRepository } from './messages.repository';

@Injectable()
export class MessagesService implements OnModuleInit {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly users: UsersService,
    private readonly deletedUsers: DeletedUsersRepository,
    private readonly outboxHandlers: OutboxHandlers,
  ) {}

  onModuleInit(): void {
    // A store outage makes the deletion throw, so the outbox delivers the event again later.
    this.outboxHandlers.register('user.deleted', async ({ userId }) => {
      await this.deletedUsers.record(userId);
      await this.messages.deleteAllSentBy(userId);
    });
  }

  /** A sender deleted while their message is stored loses it here (deleted-users.repository.ts). */
  async send({ conversationId, senderId, body }: CreateMessageDto): Promise<Message> {
    if (!(await this.users.exists(senderId))) throw senderNotFound(senderId);
    const message = await this.messages.insert({ id: types.TimeUuid.now(), conversationId, senderId, body });
    if (await this.deletedUsers.includes(senderId)) {
      await this.messages.deleteAllSentBy(senderId);
      throw senderNotFound(senderId);
    }
    return message;
  }

  /** Newest first: walks the conversation's buckets backwards until the page is full. */
  async page(conversationId: string, { limit, cursor }: PageQuery): Promise<Page<Message>> {
    const after = cursor ? decodeMessageCursor(cursor) : undefined;
    // One message more than the page tells whether another page follows.
    const wanted = limit + 1;
    const found: Message[] = [];
    let pageState: string | undefined;
    do {
      const next = await this.messages.buckets(conversationId, after?.bucket, pageState);
      // The cursor's message bounds its own week and, being newer, none of the older weeks'.
      found.push(
        ...(await this.messages.inBuckets(
          conversationId,
          next.buckets,
          wanted - found.length,
          after?.messageId,
        )),
      );
      pageState = next.pageState;
    } while (pageState && found.length < wanted);

    const items = found.slice(0, limit);
    return { items, nextCursor: found.length > limit ? messageCursorAfter(items[items.length - 1]) : null };
  }
}

function senderNotFound(senderId: string): NotFoundException {
  return new NotFoundException(`senderId ${senderId} is not an existing user`);
}
