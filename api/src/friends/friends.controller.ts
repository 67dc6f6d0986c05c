import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type Page, PageQuery, pageSchema } from '../common/pagination';
import { ApiProblem } from '../common/problem';
import { type SerializedJson } from '../common/serialized-json';
import { UuidParam } from '../common/validation';
import { FriendDto, MutualFriendDto, SuggestionDto } from './friend.dto';
import { FriendsService } from './friends.service';

/** What every route shares: the user in the path and the errors. */
const UserRoute = () =>
  applyDecorators(
    ApiParam({ name: 'id', format: 'uuid', description: 'The user' }),
    ApiProblem(400, 'An id is not a UUID, the same user is given twice, or limit or cursor is invalid'),
    ApiProblem(404, 'A user does not exist (the detail names which)'),
    ApiProblem(503, 'Neo4j or PostgreSQL is unavailable'),
  );

@ApiTags('friends')
@ApiExtraModels(FriendDto, MutualFriendDto, SuggestionDto)
@Controller('users/:id')
export class FriendsController {
  constructor(private readonly friends: FriendsService) {}

  @Put('friends/:friendId')
  @ApiOperation({
    summary: 'Befriend a user',
    description:
      'Friendship is symmetric: each user then lists the other. Idempotent: befriending a friend again ' +
      'changes nothing and answers 200 with the original `since`.',
  })
  @UserRoute()
  @ApiParam({ name: 'friendId', format: 'uuid', description: 'The user to befriend' })
  @ApiResponse({ status: 201, type: FriendDto, description: 'They are now friends' })
  @ApiResponse({ status: 200, type: FriendDto, description: 'They were already friends' })
  async befriend(
    @UuidParam('id') id: string,
    @UuidParam('friendId') friendId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FriendDto> {
    const { friend, created } = await this.friends.befriend(id, friendId);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return friend;
  }

  @Delete('friends/:friendId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Unfriend a user',
    description: 'Idempotent: answers 204 whether or not the two users were friends.',
  })
  @UserRoute()
  @ApiParam({ name: 'friendId', format: 'uuid', description: 'The user to unfriend' })
  @ApiResponse({ status: 204, description: 'They are not friends (any more)' })
  async unfriend(@UuidParam('id') id: string, @UuidParam('friendId') friendId: string): Promise<void> {
    await this.friends.unfriend(id, friendId);
  }

  @Get('friends')
  @ApiOperation({ summary: 'List the friends of a user', description: 'Ordered by friend id.' })
  @UserRoute()
  @ApiResponse({ status: 200, schema: pageSchema(FriendDto) })
  friendsOf(@UuidParam('id') id: string, @Query() page: PageQuery): Promise<SerializedJson<Page<FriendDto>>> {
    return this.friends.friends(id, page);
  }

  @Get('friends/mutual/:otherId')
  @ApiOperation({ summary: 'List the friends two users share', description: 'Ordered by id.' })
  @UserRoute()
  @ApiParam({ name: 'otherId', format: 'uuid', description: 'The other user' })
  @ApiResponse({ status: 200, schema: pageSchema(MutualFriendDto) })
  mutualFriends(
    @UuidParam('id') id: string,
    @UuidParam('otherId') otherId: string,
    @Query() page: PageQuery,
  ): Promise<Page<MutualFriendDto>> {
    return this.friends.mutualFriends(id, otherId, page);
  }

  @Get('suggestions')
  @ApiOperation({
    summary: 'Suggest friends',
    description:
      'Friends of friends who are neither the user nor already friends, the most mutual friends first, ' +
      'then by id.',
  })
  @UserRoute()
  @ApiResponse({ status: 200, schema: pageSchema(SuggestionDto) })
  suggestions(
    @UuidParam('id') id: string,
    @Query() page: PageQuery,
  ): Promise<SerializedJson<Page<SuggestionDto>>> {
    return this.friends.suggestions(id, page);
  }
}
