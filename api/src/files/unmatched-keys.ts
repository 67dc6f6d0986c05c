export interface Keyed {
  key: string;
}

/** An item of one ordered sequence whose key the other sequence does not hold. */
export type Unmatched<L, R> = { left: L; right?: never } | { left?: never; right: R };

/**
 * The items of `left` and `right`, each in ascending key order without repeats, whose key only
 * one of the two holds: a merge of the two, reading each once and holding one item of each.
 */
export async function* unmatchedKeys<L extends Keyed, R extends Keyed>(
  left: AsyncIterable<L>,
  right: AsyncIterable<R>,
): AsyncGenerator<Unmatched<L, R>> {
  const lefts = left[Symbol.asyncIterator]();
  const rights = right[Symbol.asyncIterator]();
  let l = await lefts.next();
  let r = await rights.next();
  while (!l.done || !r.done) {
    if (!l.done && (r.done || l.value.key < r.value.key)) {
      yield { left: l.value };
      l = await lefts.next();
    } else if (!r.done && (l.done || r.value.key < l.value.key)) {
      yield { right: r.value };
      r = await rights.next();
    } else {
      // Both hold this key.
      [l, r] = await Promise.all([lefts.next(), rights.next()]);
    }
  }
}
