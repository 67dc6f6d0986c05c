import { type QueryConfig, type RoutingControl } from 'neo4j-driver';
import { type StoreOperations } from '../store-operations';

/**
 * The store deadline as the transaction's timeout: Neo4j itself ends a query whose caller has
 * given up on it, rather than running it to the end on the graph's memory and CPU (suggestions
 * for a user with thousands of friends walk millions of paths).
 */
export function graphTransactionConfig(operations: StoreOperations): { timeout: number } {
  return { timeout: operations.deadlineMs.neo4j };
}

/** The configuration of a query sent with `executeQuery`, to a reader or to the writer. */
export function graphQueryConfig(operations: StoreOperations, routing: RoutingControl): QueryConfig {
  return { routing, transactionConfig: graphTransactionConfig(operations) };
}
