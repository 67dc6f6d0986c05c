import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { UsersModule } from '../users/users.module';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';
import { MembershipGraphRepository } from './membership-graph.repository';
import { MembershipsController } from './memberships.controller';
import { MembershipsRepository } from './memberships.repository';
import { MembershipsService } from './memberships.service';

@Module({
  imports: [CacheModule, UsersModule],
  controllers: [GroupsController, MembershipsController],
  providers: [
    GroupsRepository,
    GroupsService,
    MembershipsRepository,
    MembershipGraphRepository,
    MembershipsService,
  ],
})
export class GroupsModule {}
