import { BadRequestException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { encodeCursor } from '../common/pagination';
import { suggestionPage, suggestionPosition } from './suggestion-cursor';

describe('suggestion cursors', () => {
  const rows = [
    { id: uuidv7(), mutualFriends: 3 },
    { id: uuidv7(), mutualFriends: 2 },
    { id: uuidv7(), mutualFriends: 2 },
  ];

  it('continues after the last suggestion shown when more rows were read than the limit', () => {
    const page = suggestionPage(rows, 2);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(suggestionPosition(page.nextCursor ?? undefined)).toEqual({ mutualFriends: 2, after: rows[1].id });
  });

  it('ends the list when no row beyond the limit was read', () => {
    expect(suggestionPage(rows, 3)).toEqual({ items: rows, nextCursor: null });
  });

  it('starts at the beginning without a cursor', () => {
    expect(suggestionPosition(undefined)).toBeUndefined();
  });

  it.each([
    ['a cursor of an id-ordered list', { after: uuidv7() }],
    ['no mutual friends', { mutualFriends: 0, after: uuidv7() }],
    ['a fractional count', { mutualFriends: 1.5, after: uuidv7() }],
    ['a count given as text', { mutualFriends: '2', after: uuidv7() }],
    ['an id that is not a UUID', { mutualFriends: 2, after: 'bob' }],
    ['no object at all', 7],
  ])('rejects %s as a 400 naming cursor', (_, position) => {
    const rejection = (() => {
      try {
        suggestionPosition(encodeCursor(position));
      } catch (error) {
        return error;
      }
    })();
    expect(rejection).toBeInstanceOf(BadRequestException);
    expect((rejection as BadRequestException).getResponse()).toMatchObject({ errors: [{ field: 'cursor' }] });
  });
});
