import neo4j from 'neo4j-driver';
import { connectWithConstraints } from '../../../api/src/infrastructure/neo4j/neo4j-client';
import { waitForStore } from '../wait-for-store';
import { neo4jMark } from './completion-marks';
import { map, range, type SeedContext, seedOnce, writeInChunks } from './seed-context';

const CHUNK_ROWS = 5_000;

// The graph the API reads (graph-sync.repository.ts, friends.repository.ts). MERGE makes every
// batch idempotent, and ON CREATE SET leaves an edge a resumed run finds as it was. The seeder
// writes the graph directly instead of through the outbox: the outbox follows the API's own
// writes, and here PostgreSQL and Neo4j are filled from the same deterministic dataset.
const MERGE_USERS = 'UNWIND $ids AS id MERGE (:User {id: id})';
const MERGE_GROUPS = 'UNWIND $ids AS id MERGE (:Group {id: id})';
// Stored once from the smaller id to the larger, and merged without direction, like the API.
const MERGE_FRIENDSHIPS = `
  UNWIND $rows AS row
  MATCH (low:User {id: row.low})
  MATCH (high:User {id: row.high})
  MERGE (low)-[friendship:FRIEND]-(high)
    ON CREATE SET friendship.since = datetime(row.since)`;
const MERGE_MEMBERSHIPS = `
  UNWIND $rows AS row
  MATCH (user:User {id: row.userId})
  MATCH (group:Group {id: row.groupId})
  MERGE (user)-[membership:MEMBER_OF]->(group)
    ON CREATE SET membership.role = row.role, membership.since = datetime(row.since)`;

/** User and Group nodes, friendships and memberships, in batches of one UNWIND each. */
export async function seedNeo4j(context: SeedContext): Promise<void> {
  const { dataset, identity, config, waitTimeoutMs, progress } = context;
  const where = `${config.NEO4J_HOST}:${config.NEO4J_PORT}`;
  // The constraints back the MATCHes; writes in bulk keep the driver's retries.
  const driver = await waitForStore('neo4j', where, waitTimeoutMs, () =>
    connectWithConstraints(config, { connectionTimeout: 5000 }),
  );
  try {
    await seedOnce(progress, 'neo4j', neo4jMark(driver, identity), async (stats) => {
      const write = async (label: string, cypher: string, key: 'ids' | 'rows', items: Iterable<unknown>) => {
        await writeInChunks(items, CHUNK_ROWS, async (chunk) => {
          await driver.executeQuery(cypher, { [key]: chunk }, { routing: neo4j.routing.WRITE });
          progress.count(stats, label, chunk.length);
        });
      };
      await write(
        'User',
        MERGE_USERS,
        'ids',
        map(range(dataset.sizes.users), (index) => dataset.userId(index)),
      );
      await write(
        'Group',
        MERGE_GROUPS,
        'ids',
        map(range(dataset.sizes.groups), (index) => dataset.groupId(index)),
      );
      await write(
        'FRIEND',
        MERGE_FRIENDSHIPS,
        'rows',
        map(dataset.friendships(), ({ low, high, since }) => ({ low, high, since: since.toISOString() })),
      );
      await write(
        'MEMBER_OF',
        MERGE_MEMBERSHIPS,
        'rows',
        map(dataset.allMemberships(), ({ groupId, userId, role, since }) => ({
          groupId,
          userId,
          role,
          since: since.toISOString(),
        })),
      );
    });
  } finally {
    await driver.close();
  }
}
