import { type CacheAside, type CacheName } from '../cache/cache-aside';
import { type Page, type PageQuery } from './pagination';
import { SerializedJson } from './serialized-json';

const EMPTY_PAGE = new SerializedJson<Page<never>>(JSON.stringify({ items: [], nextCursor: null }));

/**
 * A page of a list that belongs to `id` (a conversation's messages, a user's friends), cached as
 * one part of the id's entry per cursor and limit: a write to the list invalidates all its pages.
 */
export async function cachedPage<T>(
  cache: CacheAside,
  name: CacheName,
  id: string,
  { limit, cursor }: PageQuery,
  load: () => Promise<Page<T>>,
  ttlSeconds?: number,
): Promise<SerializedJson<Page<T>>> {
  // Cursors are base64url, which has no '/': each cursor and limit names its own part.
  const page = await cache.get(name, id, load, { part: `${cursor ?? ''}/${limit}`, ttlSeconds });
  // get() answers null only when its load does; an empty list is an empty page, cached like any other.
  return page ?? EMPTY_PAGE;
}
