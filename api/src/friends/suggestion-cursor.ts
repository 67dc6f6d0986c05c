import { isUUID } from 'class-validator';
import { type Page, decodeCursor, encodeCursor, pageOf } from '../common/pagination';
import { type Suggestion } from './friends.repository';

/** Where the next page of suggestions starts: after (mutualFriends, id) in (count desc, id) order. */
export interface SuggestionPosition {
  mutualFriends: number;
  after: string;
}

function isSuggestionPosition(position: unknown): position is SuggestionPosition {
  const { mutualFriends, after } = (position ?? {}) as Partial<SuggestionPosition>;
  return Number.isSafeInteger(mutualFriends) && (mutualFriends as number) >= 1 && isUUID(after);
}

/** The position a page of suggestions starts after, or undefined for the first page. */
export function suggestionPosition(cursor: string | undefined): SuggestionPosition | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, isSuggestionPosition);
}

/** A page out of `rows` read with one row more than `limit` (pageOf). */
export function suggestionPage(rows: Suggestion[], limit: number): Page<Suggestion> {
  return pageOf(rows, limit, (last) =>
    encodeCursor({ mutualFriends: last.mutualFriends, after: last.id } satisfies SuggestionPosition),
  );
}
