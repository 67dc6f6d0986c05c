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
import { CreateGroupDto } from './create-group.dto';
import { GroupDto } from './group.dto';
import { GroupsService } from './groups.service';
import { UpdateGroupDto } from './update-group.dto';

@ApiTags('groups')
@ApiProblem(503, 'A store is unavailable (named in `store`)')
@Controller('groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a group; its owner becomes its first member' })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiProblem(400, 'An invalid or unknown field (named in `errors`)')
  @ApiProblem(404, 'ownerId is not an existing user (named in `errors`)')
  create(@Body() group: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(group);
  }

  @Get()
  @ApiOperation({ summary: 'Groups, oldest first' })
  @ApiOkResponse({ schema: pageSchema(GroupDto) })
  @ApiProblem(400, 'Invalid limit or cursor')
  list(@Query() query: PageQuery): Promise<Page<GroupDto>> {
    return this.groups.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A group (served from the cache when it holds it)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: GroupDto })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(404, 'No such group')
  get(@UuidParam('id') id: string): Promise<SerializedJson<GroupDto>> {
    return this.groups.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a group's name or description" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: GroupDto })
  @ApiProblem(400, 'Invalid id, or an invalid or unknown field')
  @ApiProblem(404, 'No such group')
  update(@UuidParam('id') id: string, @Body() changes: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(id, changes);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a group and all its memberships' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(400, 'id is not a UUID')
  @ApiProblem(404, 'No such group')
  delete(@UuidParam('id') id: string): Promise<void> {
    return this.groups.delete(id);
  }
}
