import { Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CacheAside } from '../cache/cache-aside';
import { decodeIdCursor, pageOfRows } from '../common/id-cursor';
import { type Page, type PageQuery } from '../common/pagination';
import { type SerializedJson } from '../common/serialized-json';
import { type CreateUserDto } from './create-user.dto';
import { type UserDto, toUserDto } from './user.dto';
import { type UserChanges, UsersRepository } from './users.repository';

const notFound = (id: string) => new NotFoundException(`user ${id} not found`);

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: CacheAside,
  ) {}

  async create({ email, name }: CreateUserDto): Promise<UserDto> {
    const now = new Date();
    return toUserDto(await this.users.create({ id: uuidv7(), email, name, createdAt: now, updatedAt: now }));
  }

  async get(id: string): Promise<SerializedJson<UserDto>> {
    const user = await this.cached(id);
    if (!user) throw notFound(id);
    return user;
  }

  /** Whether the user exists, from the cache when it holds them: hot write paths check senders. */
  async exists(id: string): Promise<boolean> {
    return (await this.cached(id)) !== null;
  }

  async list({ limit, cursor }: PageQuery): Promise<Page<UserDto>> {
    const rows = await this.users.list(decodeIdCursor(cursor), limit + 1);
    const page = pageOfRows(rows, limit, (user) => user.id);
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
  }

  async update(id: string, changes: UserChanges): Promise<UserDto> {
    const user = await this.users.update(id, changes);
    if (!user) throw notFound(id);
    await this.cache.invalidate('user', id);
    return toUserDto(user);
  }

  private cached(id: string): Promise<SerializedJson<UserDto> | null> {
    return this.cache.get('user', id, async () => {
      const found = await this.users.findById(id);
      return found && toUserDto(found);
    });
  }

  /** Deletes the user and the groups they own (see UsersRepository.delete). */
  async delete(id: string): Promise<void> {
    const deleted = await this.users.delete(id);
    if (!deleted) throw notFound(id);
    await Promise.all([
      this.cache.invalidate('user', id),
      this.cache.invalidate('group', ...deleted.ownedGroupIds),
    ]);
  }
}
