import { type AppConfig } from '../../config/app-config';

/** The keyspace, replicated per datacenter so the same schema serves a laptop and a real cluster. */
export function keyspaceStatement(config: AppConfig): string {
  const replication = `{'class': 'NetworkTopologyStrategy', '${config.CASSANDRA_DATACENTER}': ${config.CASSANDRA_REPLICATION_FACTOR}}`;
  return `CREATE KEYSPACE IF NOT EXISTS ${config.CASSANDRA_KEYSPACE} WITH replication = ${replication}`;
}

/** Every table, created idempotently on start; features add theirs here. */
export const tableStatements: string[] = [];
