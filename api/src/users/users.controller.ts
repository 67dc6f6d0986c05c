import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { type Page, PageQuery, pageSchema } from '../common/pagination';
import { ApiProblem } from '../common/problem';
import { type SerializedJson } from '../common/serialized-json';
import { UuidParam } from '../common/validation';
import { CreateUserDto } from './create-user.dto';
import { UpdateUserDto } from './update-user.dto';
import { UserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiProblem(503, 'A store is unavailable (named in `store`)')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblem(400, 'An invalid or unknown field (named in `errors`)')
  @ApiProblem(409, 'The email is already in use')
  create(@Body() user: CreateUserDto): Promise<UserDto> {
    return this.users.create(user);
  }

  @Get()
  @ApiOperation({ summary: 'Users, oldest first' })
  @ApiOkResponse({ schema: pageSchema(UserDto) })
  @ApiProblem(400, 'Invalid limit or cursor')
  list(@Query() query: PageQuery): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A user (served from the cache when it holds them)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(404, 'No such user')
  get(@UuidParam('id') id: string): Promise<SerializedJson<UserDto>> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of a user' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblem(400, 'Invalid id, or an invalid or unknown field')
  @ApiProblem(404, 'No such user')
  @ApiProblem(409, 'The email is already in use')
  update(@UuidParam('id') id: string, @Body() changes: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, changes);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a user, the groups they own and all their memberships',
    description: 'The other stores (graph, messages, files…) follow through the outbox.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(404, 'No such user')
  delete(@UuidParam('id') id: string): Promise<void> {
    return this.users.delete(id);
  }
}
