import { datasetIdentity } from './dataset-identity';
import { type SeedPlan } from './options';
import { presets } from './presets';

const plan: SeedPlan = { seed: 7, sizes: presets.small, until: new Date('2026-11-01T00:00:00Z') };

describe('datasetIdentity', () => {
  it('gives one plan one key, whatever the order its sizes were set in', () => {
    const reordered = Object.fromEntries(Object.entries(plan.sizes).reverse()) as SeedPlan['sizes'];
    expect(datasetIdentity({ ...plan, sizes: reordered })).toEqual(datasetIdentity({ ...plan }));
  });

  it.each<[string, Partial<SeedPlan>]>([
    ['seed', { seed: 8 }],
    ['until', { until: new Date('2026-11-01T00:00:01Z') }],
    ['one size', { sizes: { ...presets.small, files: presets.small.files + 1 } }],
  ])('gives plans differing in %s different keys', (_, change) => {
    expect(datasetIdentity({ ...plan, ...change }).key).not.toBe(datasetIdentity(plan).key);
  });
});
