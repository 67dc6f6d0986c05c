import { type CacheAside, type CacheName } from '../cache/cache-aside';
import { type Page, type PageQuery } from './pagination';
import { type SerializedJson } from './serialized-json';

/**
 * A page of a list that belongs to `id` (a conversation's messages, a user's friends), cached as
 * one part of the id's entry per cursor and limit: a write to the list invalidates all its pages.
 */
export function cachedPage<T>(
  cache: CacheAside,
  name: CacheName,
  id: string,
  { limit, cursor }: PageQuery,
  load: () => Promise<Page<T>>,
  ttlSeconds?: number,
): Promise<SerializedJson<Page<T>>> {
  // Cursors are base64url, which has no '/': each cursor and limit names its own part.
  // An empty list is an empty page, cached like any other.
  return cache.get(name, id, load, { part: `${cursor ?? ''}/${limit}`, ttlSeconds });
}
