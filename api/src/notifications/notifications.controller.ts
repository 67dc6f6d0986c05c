import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { type Page, pageSchema } from '../common/pagination';
import { ApiProblem } from '../common/problem';
import { invalidField, UuidParam } from '../common/validation';
import { CreateNotificationDto } from './create-notification.dto';
import { ListNotificationsQuery } from './list-notifications.query';
import { NotificationDto, UnreadCountDto } from './notification.dto';
import { type Notification } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notification ids are time-based UUIDs (v1), which Cassandra checks: anything else is a 400. */
const NotificationIdParam = (): ParameterDecorator =>
  Param('notificationId', {
    transform: (value: string) => {
      if (!isUUID(value, 1))
        throw invalidField('notificationId', 'notificationId must be a time-based UUID (v1)');
      return value;
    },
  });

@ApiTags('notifications')
@ApiProblem(503, 'A store is unavailable (named in `store`)')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  @ApiOperation({ summary: 'Notify a user' })
  @ApiCreatedResponse({ type: NotificationDto })
  @ApiProblem(400, 'An invalid or unknown field (named in `errors`)')
  @ApiProblem(404, 'userId is not an existing user')
  create(@Body() notification: CreateNotificationDto): Promise<Notification> {
    return this.notifications.create(notification);
  }

  @Get(':userId')
  @ApiOperation({ summary: "A user's notifications of the last 90 days, newest first" })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ schema: pageSchema(NotificationDto) })
  @ApiProblem(400, 'Invalid userId, limit, cursor or unread')
  list(
    @UuidParam('userId') userId: string,
    @Query() query: ListNotificationsQuery,
  ): Promise<Page<Notification>> {
    return this.notifications.page(userId, query);
  }

  @Get(':userId/unread-count')
  @ApiOperation({ summary: "How many of a user's notifications are unread" })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiProblem(400, 'Invalid userId')
  async unreadCount(@UuidParam('userId') userId: string): Promise<UnreadCountDto> {
    return { count: await this.notifications.countUnread(userId) };
  }

  @Patch(':userId/:notificationId/read')
  @ApiOperation({ summary: 'Mark a notification as read (again is fine)' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiParam({ name: 'notificationId', format: 'uuid', description: 'A time-based UUID (v1)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblem(400, 'Invalid userId or notificationId')
  @ApiProblem(404, 'The user has no such notification')
  markRead(
    @UuidParam('userId') userId: string,
    @NotificationIdParam() notificationId: string,
  ): Promise<Notification> {
    return this.notifications.markRead(userId, notificationId);
  }

  @Post(':userId/read-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Mark all of a user's notifications as read" })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Nothing is unread any more' })
  @ApiProblem(400, 'Invalid userId')
  markAllRead(@UuidParam('userId') userId: string): Promise<void> {
    return this.notifications.markAllRead(userId);
  }
}
