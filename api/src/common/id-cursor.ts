import { isUUID } from 'class-validator';
import { type Page, decodeCursor, encodeCursor, pageOf } from './pagination';

/** Where the next page of a list ordered by UUID v7 (so by creation time) starts: just after `after`. */
interface IdCursor {
  after: string;
}

function isIdCursor(position: unknown): position is IdCursor {
  return isUUID((position as Partial<IdCursor> | null)?.after);
}

/** The id a page starts after, or undefined for the first page. */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : decodeCursor(cursor, isIdCursor).after;
}

/** The cursor of the page that starts just after `id`. */
export function encodeIdCursor(id: string): string {
  return encodeCursor({ after: id } satisfies IdCursor);
}

/** A page out of `rows` read with one row more than `limit` (pageOf), for a list ordered by id. */
export function pageOfRows<T>(rows: T[], limit: number, idOf: (row: T) => string): Page<T> {
  return pageOf(rows, limit, (last) => encodeIdCursor(idOf(last)));
}
