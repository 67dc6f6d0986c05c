import { Dataset } from './dataset';
import { presets } from './presets';

const UNTIL = new Date('2026-11-01T00:00:00Z');

describe('Dataset', () => {
  it('makes every user of a plan the same in every run', () => {
    const [first, second] = [1, 2].map(() => new Dataset({ seed: 7, sizes: presets.small, until: UNTIL }));
    for (const index of [0, 1, presets.small.users - 1])
      expect(second.user(index)).toEqual(first.user(index));
  });

  it('gives the users of two sizes under one seed ids and emails of their own, so both can be seeded', () => {
    const small = new Dataset({ seed: 1, sizes: presets.small, until: UNTIL });
    const medium = new Dataset({ seed: 1, sizes: presets.medium, until: UNTIL });
    for (const index of [0, 1, presets.small.users - 1]) {
      expect(medium.user(index).id).not.toBe(small.user(index).id);
      expect(medium.user(index).email).not.toBe(small.user(index).email);
    }
  });
});
