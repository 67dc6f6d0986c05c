import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { type AppConfig } from '../../config/app-config';

/** Where the API's database is and who it connects as, named `applicationName` in pg_stat_activity. */
export function connectionOptions(config: AppConfig, applicationName: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    host: config.DATABASE_HOST,
    port: config.DATABASE_PORT,
    username: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD,
    database: config.DATABASE_NAME,
    applicationName,
    // The schema only ever changes through migrations.
    synchronize: false,
  };
}
