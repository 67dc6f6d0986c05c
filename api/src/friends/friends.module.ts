import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { GraphSyncModule } from '../graph-sync/graph-sync.module';
import { UsersModule } from '../users/users.module';
import { FriendsController } from './friends.controller';
import { FriendsRepository } from './friends.repository';
import { FriendsService } from './friends.service';

/** The social graph: friendships in Neo4j between users that PostgreSQL knows. */
@Module({
  imports: [CacheModule, GraphSyncModule, UsersModule],
  controllers: [FriendsController],
  providers: [FriendsService, FriendsRepository],
})
export class FriendsModule {}
