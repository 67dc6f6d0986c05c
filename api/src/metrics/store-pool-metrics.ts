import { Injectable } from '@nestjs/common';
import { Client } from 'cassandra-driver';
import { pgPoolOf } from '../infrastructure/postgres/postgres.module';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** What node-postgres' Pool reports of itself. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Connection pool usage of the drivers that expose it, read on every scrape. Redis and Neo4j
 * are absent: ioredis keeps one connection, and neo4j-driver does not publish its pool.
 */
@Injectable()
export class StorePoolMetrics {
  constructor(registry: Registry, dataSource: DataSource, cassandra: Client) {
    const pgPool = (): PgPoolCounts => pgPoolOf(dataSource);
    const cassandraHosts = () => {
      const state = cassandra.getState();
      return state.getConnectedHosts().map((host) => ({
        open: state.getOpenConnections(host),
        inFlight: state.getInFlightQueries(host),
      }));
    };
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

    new Gauge({
      name: 'store_pool_connections',
      help: 'Open connections to a store by state: idle or used for PostgreSQL; open for Cassandra, whose connections multiplex queries',
      labelNames: ['store', 'state'],
      registers: [registry],
      collect() {
        const pool = pgPool();
        this.set({ store: 'postgres', state: 'idle' }, pool.idleCount);
        this.set({ store: 'postgres', state: 'used' }, pool.totalCount - pool.idleCount);
        this.set({ store: 'cassandra', state: 'open' }, sum(cassandraHosts().map((host) => host.open)));
      },
    });
    new Gauge({
      name: 'store_pool_pending_requests',
      help: 'Requests waiting for a free PostgreSQL connection: above zero, the pool is too small',
      labelNames: ['store'],
      registers: [registry],
      collect() {
        this.set({ store: 'postgres' }, pgPool().waitingCount);
      },
    });
    new Gauge({
      name: 'store_in_flight_requests',
      help: 'Cassandra queries sent and not yet answered, over all connected hosts',
      labelNames: ['store'],
      registers: [registry],
      collect() {
        this.set({ store: 'cassandra' }, sum(cassandraHosts().map((host) => host.inFlight)));
      },
    });
  }
}
