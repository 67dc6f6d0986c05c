import { Injectable, NotFoundException } from '@nestjs/common';
import { types } from 'cassandra-driver';
import { type Page, type PageQuery } from '../common/pagination';
import { UsersService } from '../users/users.service';
import { type CreateMessageDto } from './create-message.dto';
import { decodeMessageCursor, messageCursorAfter } from './message-cursor';
import { type Message, MessagesRepository } from './messages.repository';

@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly users: UsersService,
  ) {}

  async send({ conversationId, senderId, body }: CreateMessageDto): Promise<Message> {
    if (!(await this.users.exists(senderId)))
      throw new NotFoundException(`senderId ${senderId} is not an existing user`);
    return this.messages.insert({ id: types.TimeUuid.now(), conversationId, senderId, body });
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
      for (const bucket of next.buckets) {
        const beforeId = bucket === after?.bucket ? after.messageId : undefined;
        found.push(
          ...(await this.messages.inBucket(conversationId, bucket, wanted - found.length, beforeId)),
        );
        if (found.length === wanted) break;
      }
      pageState = next.pageState;
    } while (pageState && found.length < wanted);

    const items = found.slice(0, limit);
    return { items, nextCursor: found.length > limit ? messageCursorAfter(items[items.length - 1]) : null };
  }
}
