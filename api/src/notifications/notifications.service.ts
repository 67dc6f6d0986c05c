import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { types } from 'cassandra-driver';
import { type Page, pageOf } from '../common/pagination';
import { OutboxHandlers } from '../outbox/outbox-handlers';
import { DeletedUsersRepository } from '../users/deleted-users.repository';
import { UsersService } from '../users/users.service';
import { type CreateNotificationDto } from './create-notification.dto';
import { type ListNotificationsQuery } from './list-notifications.query';
import { decodeNotificationCursor, notificationCursorAfter } from './notification-cursor';
import { type Notification, NotificationsRepository } from './notifications.repository';

@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersService,
    private readonly outboxHandlers: OutboxHandlers,
    private readonly deletedUsers: DeletedUsersRepository,
  ) {}

  onModuleInit(): void {
    // A store outage makes deleteAllOf throw, so the outbox delivers the event again later.
    this.outboxHandlers.register('user.deleted', async ({ userId }) => {
      await this.deletedUsers.record(userId);
      await this.notifications.deleteAllOf(userId);
    });
  }

  /** A user deleted while their notification is stored loses it here (deleted-users.repository.ts). */
  async create({ userId, type, message, data }: CreateNotificationDto): Promise<Notification> {
    if (!(await this.users.exists(userId))) throw userNotFound(userId);
    const notification = await this.notifications.insert({
      id: types.TimeUuid.now(),
      userId,
      type,
      message,
      data,
    });
    await this.unlessDeletedMeanwhile(userId);
    return notification;
  }

  async page(userId: string, { limit, cursor, unread }: ListNotificationsQuery): Promise<Page<Notification>> {
    const beforeId = cursor ? decodeNotificationCursor(cursor).notificationId : undefined;
    const found = await this.notifications.list(userId, unread, limit + 1, beforeId);
    return pageOf(found, limit, (last) => notificationCursorAfter(last.id));
  }

  async markRead(userId: string, notificationId: string): Promise<Notification> {
    const found = await this.notifications.find(userId, notificationId);
    if (!found)
      throw new NotFoundException(`notification ${notificationId} of user ${userId} does not exist`);
    const { notification, ttl } = found;
    if (!notification.read) {
      await this.notifications.markRead(userId, [{ id: notification.id, ttl }]);
      await this.unlessDeletedMeanwhile(userId);
    }
    return { ...notification, read: true };
  }

  async markAllRead(userId: string): Promise<void> {
    let pageState: string | undefined;
    do {
      const page = await this.notifications.unreadToMark(userId, pageState);
      await this.notifications.markRead(userId, page.unread);
      pageState = page.pageState;
    } while (pageState);
    await this.unlessDeletedMeanwhile(userId);
  }

  countUnread(userId: string): Promise<number> {
    return this.notifications.countUnread(userId);
  }

  /**
   * Cassandra writes are upserts: one that lands after the user's deletion has removed their
   * notifications writes them again, in part (a read flag alone makes a row with no message).
   * Removed once more here, and the user answered as gone.
   */
  private async unlessDeletedMeanwhile(userId: string): Promise<void> {
    if (!(await this.deletedUsers.deletedMeanwhile(userId))) return;
    await this.notifications.deleteAllOf(userId);
    throw userNotFound(userId);
  }
}

function userNotFound(userId: string): NotFoundException {
  return new NotFoundException(`userId ${userId} is not an existing user`);
}
