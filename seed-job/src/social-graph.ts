import { Random } from './random';

/** An undirected edge between two users, by their index in the dataset. */
export interface Edge {
  /** Its place in the order edges are generated: 0, 1, 2, … */
  index: number;
  older: number;
  newer: number;
}

/** How many edges `preferentialAttachment` yields. */
export function edgeCount(users: number, edgesPerUser: number): number {
  const core = Math.min(edgesPerUser + 1, users);
  return (core * (core - 1)) / 2 + Math.max(0, users - core) * edgesPerUser;
}

/**
 * The friendships of a Barabási–Albert graph: users join in index order, each befriending
 * `edgesPerUser` earlier users chosen with probability proportional to their number of friends.
 * Real social networks have this heavy-tailed degree distribution (a few users with very many
 * friends, most with a few), which uniform random edges would not give.
 *
 * Memory is one int per edge end (sampling from the list of edge ends is sampling by degree);
 * edges stream out, so callers write them in chunks.
 */
export function* preferentialAttachment(users: number, edgesPerUser: number, seed: number): Generator<Edge> {
  const random = new Random(seed, 'friendships');
  const ends = new Int32Array(2 * edgeCount(users, edgesPerUser));
  const core = Math.min(edgesPerUser + 1, users);
  let length = 0;
  let index = 0;
  // The first users all know each other, so every later user has someone to attach to.
  for (let newer = 1; newer < core; newer++) {
    for (let older = 0; older < newer; older++) {
      ends[length++] = older;
      ends[length++] = newer;
      yield { index: index++, older, newer };
    }
  }
  for (let newer = core; newer < users; newer++) {
    const chosen = new Set<number>();
    const before = length;
    while (chosen.size < edgesPerUser) chosen.add(ends[random.int(0, before)]);
    for (const older of [...chosen].sort((a, b) => a - b)) {
      ends[length++] = older;
      ends[length++] = newer;
      yield { index: index++, older, newer };
    }
  }
}
