import { Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CacheAside } from '../cache/cache-aside';
import { decodeIdCursor, pageOfRows } from '../common/id-cursor';
import { type Page, type PageQuery } from '../common/pagination';
import { type SerializedJson } from '../common/serialized-json';
import { type CreateGroupDto } from './create-group.dto';
import { type GroupDto, toGroupDto } from './group.dto';
import { type GroupChanges, GroupsRepository } from './groups.repository';

const notFound = (id: string) => new NotFoundException(`group ${id} not found`);

@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly cache: CacheAside,
  ) {}

  async create({ name, description, ownerId }: CreateGroupDto): Promise<GroupDto> {
    const now = new Date();
    const group = {
      id: uuidv7(),
      name,
      description: description ?? null,
      ownerId,
      createdAt: now,
      updatedAt: now,
    };
    return toGroupDto(await this.groups.create(group));
  }

  async get(id: string): Promise<SerializedJson<GroupDto>> {
    const group = await this.cache.get('group', id, async () => {
      const found = await this.groups.findById(id);
      return found && toGroupDto(found);
    });
    if (!group) throw notFound(id);
    return group;
  }

  async list({ limit, cursor }: PageQuery): Promise<Page<GroupDto>> {
    const rows = await this.groups.list(decodeIdCursor(cursor), limit + 1);
    const page = pageOfRows(rows, limit, (group) => group.id);
    return { items: page.items.map(toGroupDto), nextCursor: page.nextCursor };
  }

  async update(id: string, changes: GroupChanges): Promise<GroupDto> {
    const group = await this.groups.update(id, changes);
    if (!group) throw notFound(id);
    await this.cache.invalidate('group', id);
    return toGroupDto(group);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.groups.delete(id))) throw notFound(id);
    await this.cache.invalidate('group', id);
  }
}
