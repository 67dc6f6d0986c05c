import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { connectionOptions } from './connection-options';
import { entities } from './entities';
import { runMigrations } from './run-migrations';

/**
 * The node-postgres Pool under TypeORM (its driver keeps it as `master`), for the hottest reads:
 * a named prepared statement is parsed and planned once per connection, and skips TypeORM's
 * query building and entity mapping.
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

/**
 * Ends a client handed back to the pool while a query of it is still unanswered, as one whose
 * query timed out is: the pool would give it to the next request, which would queue behind
 * the hung query, and a transaction abandoned midway would stay open on it. pg closes the
 * socket of a client ended with a query in flight, and PostgreSQL rolls back what it had not
 * committed. A client released with an error the pool ends by itself.
 */
function endClientsReleasedBusy(pool: Pool): void {
  pool.on('release', (error, pooled) => {
    const client = pooled as PoolClient & UndeclaredClientMembers;
    if (!error && !client.readyForQuery) void client.end();
  });
}

/** Members of pg's Client that its types leave out of a pooled client's. */
type UndeclaredClientMembers = { readyForQuery: boolean; end(): Promise<void> };

@Injectable()
export class PostgresProbe implements StoreProbe {
  readonly store = 'postgres';
  constructor(private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DataSource> => {
        await runMigrations(config, 'summer-trip-api');
        const dataSource = await new DataSource({
          ...connectionOptions(config, 'summer-trip-api'),
          entities,
          extra: {
            max: config.DATABASE_POOL_SIZE,
            connectionTimeoutMillis: 2000,
            // A query unanswered after the deadline fails in the client (a server that hangs),
            // and one that long is cancelled by the server (a query that is merely slow).
            query_timeout: config.STORE_TIMEOUT_MS,
            statement_timeout: config.STORE_TIMEOUT_MS,
          },
        }).initialize();
        endClientsReleasedBusy(pgPoolOf(dataSource));
        return dataSource;
      },
    },
    PostgresProbe,
  ],
  exports: [DataSource, PostgresProbe],
})
export class PostgresModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy();
  }
}
