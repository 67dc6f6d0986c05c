import { digest } from './ids';
import { type SeedPlan } from './options';

/** Which dataset a plan makes: the plan itself as JSON, and a key derived from it. */
export interface DatasetIdentity {
  /** Names the dataset's completion mark in every store. */
  key: string;
  plan: string;
}

/** Everything that decides the dataset (seed, sizes, until) in a fixed order: one plan, one key. */
export function datasetIdentity({ seed, sizes, until }: SeedPlan): DatasetIdentity {
  const sortedSizes = Object.fromEntries(Object.entries(sizes).sort(([a], [b]) => a.localeCompare(b)));
  const plan = JSON.stringify({ seed, sizes: sortedSizes, until: until.toISOString() });
  return { key: digest(plan).toString('hex'), plan };
}
