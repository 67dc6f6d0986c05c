import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CacheAside } from '../cache/cache-aside';
import { cachedPage } from '../common/cached-page';
import { decodeIdCursor, pageOfRows } from '../common/id-cursor';
import { type Page, type PageQuery } from '../common/pagination';
import { type SerializedJson } from '../common/serialized-json';
import { invalidField } from '../common/validation';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UserNodeRemoval } from '../graph-sync/user-node-removal';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { type FriendDto, type MutualFriendDto, type SuggestionDto } from './friend.dto';
import { forgetFriendLists } from './friend-lists';
import { FriendsRepository } from './friends.repository';
import { suggestionPage, suggestionPosition } from './suggestion-cursor';

/** User ids by the name of the path parameter they came in, so that errors can name it. */
type UserIds = Record<string, string>;

/**
 * Friendships live in Neo4j, users in PostgreSQL (the source of truth): every route asks
 * PostgreSQL whether the users exist, never the graph, whose User nodes the outbox relay may
 * not have created yet. The lists of one user ask through the user cache, and are cached
 * themselves: friends until a befriend, unfriend or deletion changes them, suggestions, which
 * any friend of a friend changes, for SUGGESTIONS_CACHE_TTL_SECONDS.
 */
@Injectable()
export class FriendsService {
  constructor(
    private readonly graph: FriendsRepository,
    private readonly userRows: UsersRepository,
    private readonly users: UsersService,
    private readonly userNodes: UserNodeRemoval,
    private readonly cache: CacheAside,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async befriend(id: string, friendId: string): Promise<{ friend: FriendDto; created: boolean }> {
    const [userId, otherId] = distinct(id, friendId, 'friendId');
    const ids = { id: userId, friendId: otherId };
    await this.requireUsers(ids);
    const { since, created } = await this.graph.befriend(userId, otherId, new Date());
    // Even when it existed: this may be the retry of a befriend that failed before invalidating.
    await forgetFriendLists(this.cache, [userId, otherId]);
    await this.removeUsersDeletedMeanwhile(ids);
    return { friend: { id: otherId, since }, created };
  }

  /** Idempotent: unfriending users who are not friends changes nothing and succeeds. */
  async unfriend(id: string, friendId: string): Promise<void> {
    const [userId, otherId] = distinct(id, friendId, 'friendId');
    // First: a 404 or a 503 must leave the friendship as it was.
    await this.requireUsers({ id: userId, friendId: otherId });
    await this.graph.unfriend(userId, otherId);
    await forgetFriendLists(this.cache, [userId, otherId]);
  }

  async friends(userId: string, query: PageQuery): Promise<SerializedJson<Page<FriendDto>>> {
    const afterId = decodeIdCursor(query.cursor);
    // First, so that no page is cached for a user who does not exist.
    await this.requireUser(userId);
    return cachedPage(this.cache, 'friends', userId, query, async () =>
      pageOfRows(
        await this.graph.friends(userId, afterId, query.limit + 1),
        query.limit,
        (friend) => friend.id,
      ),
    );
  }

  async mutualFriends(
    id: string,
    otherId: string,
    { limit, cursor }: PageQuery,
  ): Promise<Page<MutualFriendDto>> {
    const [userId, other] = distinct(id, otherId, 'otherId');
    const afterId = decodeIdCursor(cursor);
    const [, rows] = await Promise.all([
      this.requireUsers({ id: userId, otherId: other }),
      this.graph.mutualFriends(userId, other, afterId, limit + 1),
    ]);
    return pageOfRows(rows, limit, (mutual) => mutual.id);
  }

  async suggestions(userId: string, query: PageQuery): Promise<SerializedJson<Page<SuggestionDto>>> {
    const position = suggestionPosition(query.cursor);
    await this.requireUser(userId);
    return cachedPage(
      this.cache,
      'suggestions',
      userId,
      query,
      async () =>
        suggestionPage(await this.graph.suggestions(userId, position, query.limit + 1), query.limit),
      this.config.SUGGESTIONS_CACHE_TTL_SECONDS,
    );
  }

  /** 404 naming `id` unless the user exists, asked of the user cache, which a deletion invalidates. */
  private async requireUser(userId: string): Promise<void> {
    if (!(await this.users.exists(userId))) throw notFound([['id', userId]]);
  }

  /** 404 naming each path parameter whose user does not exist. */
  private async requireUsers(ids: UserIds): Promise<void> {
    const missing = await this.missingUsers(ids);
    if (missing.length > 0) throw notFound(missing);
  }

  /*
   * A user deleted in PostgreSQL between the check and the MERGE would be re-created in the
   * graph after the relay removed it. PostgreSQL is asked again once the edge exists: a user
   * gone by now is removed from the graph here, as the relay does (and will again, harmlessly),
   * so no node outlives its user whatever the interleaving.
   */
  private async removeUsersDeletedMeanwhile(ids: UserIds): Promise<void> {
    const missing = await this.missingUsers(ids);
    if (missing.length === 0) return;
    await this.userNodes.remove(missing.map(([, userId]) => userId));
    throw notFound(missing);
  }

  private async missingUsers(ids: UserIds): Promise<[name: string, id: string][]> {
    const existing = await this.userRows.findExistingIds(Object.values(ids));
    return Object.entries(ids).filter(([, userId]) => !existing.has(userId));
  }
}

/** The same user twice is a 400 naming the second parameter. */
function distinct(userId: string, other: string, otherName: string): [string, string] {
  if (userId === other) throw invalidField(otherName, `${otherName} must differ from id`);
  return [userId, other];
}

function notFound(missing: [name: string, id: string][]): NotFoundException {
  return new NotFoundException(missing.map(([name, userId]) => `no user ${userId} (${name})`).join('; '));
}
