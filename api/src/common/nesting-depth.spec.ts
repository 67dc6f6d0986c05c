import { nestsDeeperThan } from './nesting-depth';

/** `levels` arrays or objects inside one another around a number. */
function nested(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = wrap(value);
  return value;
}

describe('nestsDeeperThan', () => {
  it('counts arrays and objects as levels, scalars as none', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [1] }, 1)).toBe(true);
  });

  it('finds the deepest branch wherever it is', () => {
    const value = { shallow: 1, list: [1, 2, { deeper: [[{ deepest: true }]] }] };
    expect(nestsDeeperThan(value, 6)).toBe(false);
    expect(nestsDeeperThan(value, 5)).toBe(true);
  });

  it('walks ten thousand levels without overflowing the stack', () => {
    expect(
      nestsDeeperThan(
        nested(10_000, (inner) => [inner]),
        32,
      ),
    ).toBe(true);
    expect(
      nestsDeeperThan(
        nested(10_000, (inner) => ({ a: inner })),
        32,
      ),
    ).toBe(true);
    expect(
      nestsDeeperThan(
        nested(32, (inner) => ({ a: inner })),
        32,
      ),
    ).toBe(false);
  });
});
