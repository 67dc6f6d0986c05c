import { Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.module';
import { TracingModule } from './tracing/tracing.module';
import { FriendsModule } from './friends/friends.module';
import { GraphSyncModule } from './graph-sync/graph-sync.module';
import { GroupsModule } from './groups/groups.module';
import { UsersModule } from './users/users.module';
import { MessagesModule } from './messages/messages.module';
import { NotificationsModule } from './notifications/notifications.module';
import { FilesModule } from './files/files.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    TracingModule,
    InfrastructureModule,
    OutboxModule,
    HealthModule,
    AccessModule,
    // Feature modules: one line each.
    FriendsModule,
    UsersModule,
    GroupsModule,
    GraphSyncModule,
    MessagesModule,
    NotificationsModule,
    FilesModule,
  ],
})
export class AppModule {}
