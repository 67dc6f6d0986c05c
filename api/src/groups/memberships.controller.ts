import { Controller, Delete, Get, HttpCode, HttpStatus, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type Page, PageQuery, pageSchema } from '../common/pagination';
import { ApiProblem } from '../common/problem';
import { UuidParam } from '../common/validation';
import { MembershipDto } from './membership.dto';
import { MembershipsService } from './memberships.service';

@ApiTags('groups')
@ApiProblem(503, 'A store is unavailable (named in `store`)')
@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Put('groups/:id/members/:userId')
  @ApiOperation({ summary: 'Add a user to a group (idempotent)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The group' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiCreatedResponse({ type: MembershipDto, description: 'The user has joined the group' })
  @ApiOkResponse({ type: MembershipDto, description: 'The user was already a member; nothing changed' })
  @ApiProblem(400, 'id or userId is not a UUID')
  @ApiProblem(404, 'No such group, or no such user')
  async join(
    @UuidParam('id') groupId: string,
    @UuidParam('userId') userId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MembershipDto> {
    const { membership, created } = await this.memberships.join(groupId, userId);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return membership;
  }

  @Delete('groups/:id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a user from a group' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The group' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'The user has left the group' })
  @ApiProblem(400, 'id or userId is not a UUID')
  @ApiProblem(404, 'No such group, or the user is not a member')
  @ApiProblem(409, 'The user owns the group: the owner cannot leave')
  leave(@UuidParam('id') groupId: string, @UuidParam('userId') userId: string): Promise<void> {
    return this.memberships.leave(groupId, userId);
  }

  @Get('groups/:id/members')
  @ApiOperation({ summary: "A group's members, in user id order" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The group' })
  @ApiOkResponse({ schema: pageSchema(MembershipDto) })
  @ApiProblem(400, 'Invalid id, limit or cursor')
  @ApiProblem(404, 'No such group')
  members(@UuidParam('id') groupId: string, @Query() query: PageQuery): Promise<Page<MembershipDto>> {
    return this.memberships.members(groupId, query);
  }

  @Get('users/:id/groups')
  @ApiTags('users')
  @ApiOperation({ summary: "A user's memberships, in group id order" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user' })
  @ApiOkResponse({ schema: pageSchema(MembershipDto) })
  @ApiProblem(400, 'Invalid id, limit or cursor')
  @ApiProblem(404, 'No such user')
  groupsOf(@UuidParam('id') userId: string, @Query() query: PageQuery): Promise<Page<MembershipDto>> {
    return this.memberships.groupsOf(userId, query);
  }
}
