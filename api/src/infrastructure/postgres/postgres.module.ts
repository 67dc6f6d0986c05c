import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { entities } from './entities';
import { migrations } from './migrations';
import { runMigrations } from './run-migrations';

/**
 * The node-postgres Pool under TypeORM (its driver keeps it as `master`), for the hottest reads:
 * a named prepared statement is parsed and planned once per connection, and skips TypeORM's
 * query building and entity mapping.
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

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
        const dataSource = await new DataSource({
          type: 'postgres',
          host: config.DATABASE_HOST,
          port: config.DATABASE_PORT,
          username: config.DATABASE_USER,
          password: config.DATABASE_PASSWORD,
          database: config.DATABASE_NAME,
          // The schema only ever changes through migrations.
          synchronize: false,
          applicationName: 'summer-trip-api',
          entities,
          migrations,
          extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 2000 },
        }).initialize();
        await runMigrations(dataSource);
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
