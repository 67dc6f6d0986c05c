/** The five stores, by the names health checks, errors and metrics report. */
export type StoreName = 'postgres' | 'cassandra' | 'neo4j' | 'redis' | 'minio';

/** A cheap round trip that proves a store answers queries, not merely that its port is open. */
export interface StoreProbe {
  readonly store: StoreName;
  ping(): Promise<void>;
}
