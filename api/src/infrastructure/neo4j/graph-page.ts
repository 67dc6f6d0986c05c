import neo4j, { type Driver, type Record as Neo4jRecord } from 'neo4j-driver';
import { type StoreOperations } from '../store-operations';
import { graphQueryConfig } from './query-config';

/** The rows of one page read from the graph, on a reader when Neo4j runs as a cluster. */
export async function readGraphPage(
  store: StoreOperations,
  driver: Driver,
  operation: string,
  cypher: string,
  { limit, ...params }: Record<string, unknown> & { limit: number },
): Promise<Neo4jRecord[]> {
  // A JavaScript number travels as a float, and LIMIT only takes an integer.
  const { records } = await store.run('neo4j', operation, () =>
    driver.executeQuery(
      cypher,
      { ...params, limit: neo4j.int(limit) },
      graphQueryConfig(store, neo4j.routing.READ),
    ),
  );
  return records;
}
