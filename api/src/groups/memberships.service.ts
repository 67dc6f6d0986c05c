import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { decodeIdCursor, pageOfRows } from '../common/id-cursor';
import { type Page, type PageQuery } from '../common/pagination';
import { UsersService } from '../users/users.service';
import { GroupsService } from './groups.service';
import { MembershipGraphRepository } from './membership-graph.repository';
import { type MembershipDto, toMembershipDto } from './membership.dto';
import { MembershipsRepository } from './memberships.repository';

@Injectable()
export class MembershipsService {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly graph: MembershipGraphRepository,
    private readonly groups: GroupsService,
    private readonly users: UsersService,
  ) {}

  /** Idempotent: joining a group one belongs to changes nothing, and `created` says which it was. */
  async join(groupId: string, userId: string): Promise<{ membership: MembershipDto; created: boolean }> {
    const { membership, created } = await this.memberships.add(groupId, userId);
    return { membership: toMembershipDto(membership), created };
  }

  async leave(groupId: string, userId: string): Promise<void> {
    const outcome = await this.memberships.remove(groupId, userId);
    if (outcome === 'owner') {
      throw new ConflictException(
        `user ${userId} owns group ${groupId} and cannot leave it; delete the group`,
      );
    }
    if (outcome === 'not-member') {
      await this.groups.get(groupId); // a 404 naming the group when that is what is missing
      throw new NotFoundException(`user ${userId} is not a member of group ${groupId}`);
    }
  }

  async members(groupId: string, { limit, cursor }: PageQuery): Promise<Page<MembershipDto>> {
    const afterUserId = decodeIdCursor(cursor);
    await this.groups.get(groupId);
    const rows = await this.graph.membersOf(groupId, afterUserId, limit + 1);
    return pageOfRows(rows, limit, (membership) => membership.userId);
  }

  async groupsOf(userId: string, { limit, cursor }: PageQuery): Promise<Page<MembershipDto>> {
    const afterGroupId = decodeIdCursor(cursor);
    // Through the user cache, as every other existence check of a read.
    if (!(await this.users.exists(userId))) throw new NotFoundException(`user ${userId} not found`);
    const rows = await this.graph.groupsOf(userId, afterGroupId, limit + 1);
    return pageOfRows(rows, limit, (membership) => membership.groupId);
  }
}
