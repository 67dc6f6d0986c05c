import { Injectable } from '@nestjs/common';
import { CacheAside } from '../cache/cache-aside';
import { forgetFriendLists } from '../friends/friend-lists';
import { GraphSyncRepository } from './graph-sync.repository';

/** Takes deleted users out of the graph, and out of the cached friend lists that showed them. */
@Injectable()
export class UserNodeRemoval {
  constructor(
    private readonly graph: GraphSyncRepository,
    private readonly cache: CacheAside,
  ) {}

  async remove(userIds: string[]): Promise<void> {
    const formerFriends = await this.graph.deleteUsers(userIds);
    await forgetFriendLists(this.cache, [...new Set([...userIds, ...formerFriends])]);
  }
}
