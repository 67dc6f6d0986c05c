import { type CacheAside } from '../cache/cache-aside';

/**
 * Drops the cached friends and suggestions of each user, once a change to their friendships
 * has been written: both lists of both sides of a friendship change with it.
 */
export async function forgetFriendLists(cache: CacheAside, userIds: string[]): Promise<void> {
  await Promise.all([cache.invalidate('friends', ...userIds), cache.invalidate('suggestions', ...userIds)]);
}
