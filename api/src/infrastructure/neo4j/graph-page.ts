import neo4j, { type Driver, type Record as Neo4jRecord } from 'neo4j-driver';
import { type StoreOperations } from '../store-operations';
import { graphQueryConfig } from './query-config';

/**
 * The rows of one page read from the graph, on a reader when Neo4j runs as a cluster.
 *
 * Neo4j reads committed data: a node or edge that another transaction deletes while the query
 * walks it reads as null, its properties too. So a page's query reads each value it returns once,
 * into a variable (WITH), and keeps only the rows where none is null, before ORDER BY and LIMIT:
 * a row deleted meanwhile is left out, and the page is still full when more rows follow.
 */
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
