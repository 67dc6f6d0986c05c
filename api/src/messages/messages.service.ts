import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { types } from 'cassandra-driver';
import { CacheAside } from '../cache/cache-aside';
import { cachedPage } from '../common/cached-page';
import { type Page, type PageQuery, pageOf } from '../common/pagination';
import { type SerializedJson } from '../common/serialized-json';
import { OutboxHandlers } from '../outbox/outbox-handlers';
import { DeletedUsersRepository } from '../users/deleted-users.repository';
import { UsersService } from '../users/users.service';
import { type CreateMessageDto } from './create-message.dto';
import { type MessageCursor, decodeMessageCursor, messageCursorAfter } from './message-cursor';
import { type MessageDto, toMessageDto } from './message.dto';
import { type Message, MessagesRepository } from './messages.repository';

@Injectable()
export class MessagesService implements OnModuleInit {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly users: UsersService,
    private readonly deletedUsers: DeletedUsersRepository,
    private readonly outboxHandlers: OutboxHandlers,
    private readonly cache: CacheAside,
  ) {}

  onModuleInit(): void {
    // A store outage makes the deletion throw, so the outbox delivers the event again later.
    this.outboxHandlers.register('user.deleted', async ({ userId }) => {
      await this.deletedUsers.record(userId);
      await this.deleteAllSentBy(userId);
    });
  }

  /** A sender deleted while their message is stored loses it here (deleted-users.repository.ts). */
  async send({ conversationId, senderId, body }: CreateMessageDto): Promise<MessageDto> {
    if (!(await this.users.exists(senderId))) throw senderNotFound(senderId);
    const message = await this.messages.insert({ id: types.TimeUuid.now(), conversationId, senderId, body });
    // At once: whatever fails next, the stored message must not stay hidden behind a cached page.
    await this.cache.invalidate('conversation', conversationId);
    if (await this.deletedUsers.deletedMeanwhile(senderId)) {
      await this.deleteAllSentBy(senderId);
      throw senderNotFound(senderId);
    }
    return toMessageDto(message);
  }

  /** Newest first, from the cache until the conversation changes. */
  async page(conversationId: string, query: PageQuery): Promise<SerializedJson<Page<MessageDto>>> {
    const after = query.cursor ? decodeMessageCursor(query.cursor) : undefined;
    return cachedPage(this.cache, 'conversation', conversationId, query, () =>
      this.read(conversationId, query.limit, after),
    );
  }

  /** Walks the conversation's buckets backwards until the page is full. */
  private async read(
    conversationId: string,
    limit: number,
    after?: MessageCursor,
  ): Promise<Page<MessageDto>> {
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

    const page = pageOf(found, limit, messageCursorAfter);
    return { ...page, items: page.items.map(toMessageDto) };
  }

  /** Readers of each conversation that lost messages see it at once. */
  private async deleteAllSentBy(senderId: string): Promise<void> {
    await this.messages.deleteAllSentBy(senderId, (conversationId) =>
      this.cache.invalidate('conversation', conversationId),
    );
  }
}

function senderNotFound(senderId: string): NotFoundException {
  return new NotFoundException(`senderId ${senderId} is not an existing user`);
}
