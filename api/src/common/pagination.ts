import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalidField } from './validation';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/**
 * A page out of `rows` read with one row more than `limit`: that extra row only tells whether
 * another page follows, which then starts after the page's last item.
 */
export function pageOf<T>(rows: T[], limit: number, cursorAfter: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorAfter(items[items.length - 1]) : null };
}

/** An OpenAPI schema for `Page<item>`, since decorators cannot see generics. */
export function pageSchema(item: new () => unknown): { type: 'object'; properties: Record<string, object> } {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: { $ref: `#/components/schemas/${item.name}` } },
      nextCursor: { type: 'string', nullable: true },
    },
  };
}

/** Cursors are opaque to clients: base64url JSON of where the next page starts. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (position: unknown) => position is T): T {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(position)) return position;
  } catch {
    // falls through to the same answer as a well-formed but foreign cursor
  }
  throw invalidField('cursor', 'cursor is not one this API issued');
}
