import { Random } from './random';
import { type Edge, edgeCount, preferentialAttachment } from './social-graph';

const USERS = 5_000;
const EDGES_PER_USER = 3;

function degrees(edges: Iterable<Pick<Edge, 'older' | 'newer'>>): number[] {
  const degree = new Array<number>(USERS).fill(0);
  for (const { older, newer } of edges) {
    degree[older]++;
    degree[newer]++;
  }
  return degree.sort((a, b) => b - a);
}

/** Share of all edge ends held by the best-connected 1 % of users. */
function topPercentShare(sorted: number[]): number {
  const total = sorted.reduce((sum, d) => sum + d, 0);
  return sorted.slice(0, USERS / 100).reduce((sum, d) => sum + d, 0) / total;
}

describe('preferentialAttachment', () => {
  const edges = [...preferentialAttachment(USERS, EDGES_PER_USER, 7)];

  it('yields the announced number of distinct edges, each between two different users', () => {
    expect(edges).toHaveLength(edgeCount(USERS, EDGES_PER_USER));
    expect(new Set(edges.map(({ older, newer }) => `${older}-${newer}`)).size).toBe(edges.length);
    expect(edges.every(({ older, newer }) => older < newer)).toBe(true);
  });

  it('is reproducible from the seed', () => {
    expect([...preferentialAttachment(USERS, EDGES_PER_USER, 7)]).toEqual(edges);
    expect([...preferentialAttachment(USERS, EDGES_PER_USER, 8)]).not.toEqual(edges);
  });

  it('has a heavy-tailed degree distribution, unlike uniform random edges of the same count', () => {
    const attached = degrees(edges);
    const random = new Random(7, 'uniform');
    const uniform = degrees(
      edges.map(() => {
        const older = random.int(0, USERS);
        // Any other user, each equally likely.
        return { older, newer: (older + random.int(1, USERS)) % USERS };
      }),
    );
    const mean = (2 * edges.length) / USERS;
    // Every user befriends at least m others on joining; hubs reach many times the mean.
    expect(attached[USERS - 1]).toBeGreaterThanOrEqual(EDGES_PER_USER);
    expect(attached[0]).toBeGreaterThan(15 * mean);
    expect(uniform[0]).toBeLessThan(4 * mean);
    expect(topPercentShare(attached)).toBeGreaterThan(2 * topPercentShare(uniform));
    // A power law P(k) ~ k^-3: a tenfold degree is roughly a hundredfold rarer (slope about -2 of the CCDF).
    const atLeast = (k: number) => attached.filter((d) => d >= k).length;
    const slope = Math.log10(atLeast(10 * EDGES_PER_USER) / atLeast(EDGES_PER_USER));
    expect(slope).toBeGreaterThan(-2.6);
    expect(slope).toBeLessThan(-1.4);
  });
});
