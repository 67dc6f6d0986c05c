import { BufferPool } from './buffer-pool';

describe('BufferPool', () => {
  it('keeps at most maxIdle buffers given back', () => {
    const pool = new BufferPool(4, 2);
    const given = [pool.take(), pool.take(), pool.take()];
    pool.give(given);
    const taken = [pool.take(), pool.take(), pool.take()];
    expect(taken.filter((buffer) => given.includes(buffer))).toHaveLength(2);
    expect(taken.every((buffer) => buffer.length === 4)).toBe(true);
  });
});
