import { unmatchedKeys } from './unmatched-keys';

/** An async sequence, as the repositories' pages are. */
async function* keyed(...keys: string[]) {
  for (const key of keys) yield await Promise.resolve({ key });
}

async function collect(left: string[], right: string[]) {
  const found: string[] = [];
  for await (const item of unmatchedKeys(keyed(...left), keyed(...right)))
    found.push(item.left ? `left ${item.left.key}` : `right ${item.right.key}`);
  return found;
}

describe('unmatchedKeys', () => {
  it('yields the keys only one side holds, in key order', async () => {
    expect(await collect(['a', 'b', 'd', 'f'], ['b', 'c', 'd', 'e'])).toEqual([
      'left a',
      'right c',
      'right e',
      'left f',
    ]);
  });

  it('yields every key of one side when the other is empty', async () => {
    expect(await collect(['a', 'b'], [])).toEqual(['left a', 'left b']);
    expect(await collect([], ['a', 'b'])).toEqual(['right a', 'right b']);
  });

  it('yields nothing when both sides hold the same keys', async () => {
    expect(await collect(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
  });

  it('runs past the end of the shorter side', async () => {
    expect(await collect(['a'], ['a', 'b', 'c'])).toEqual(['right b', 'right c']);
    expect(await collect(['a', 'b', 'c'], ['c'])).toEqual(['left a', 'left b']);
  });
});
