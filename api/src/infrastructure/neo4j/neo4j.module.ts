import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import neo4j, { type Driver } from 'neo4j-driver';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { constraintStatements } from './schema';

/** Injection token of the Neo4j driver (the driver's type is an interface, not a class). */
export const NEO4J_DRIVER = Symbol('NEO4J_DRIVER');

@Injectable()
export class Neo4jProbe implements StoreProbe {
  readonly store = 'neo4j';
  constructor(@Inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async ping(): Promise<void> {
    await this.driver.executeQuery('RETURN 1');
  }
}

@Global()
@Module({
  providers: [
    {
      provide: NEO4J_DRIVER,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Driver> => {
        const driver = neo4j.driver(
          `bolt://${config.NEO4J_HOST}:${config.NEO4J_PORT}`,
          neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD),
          {
            connectionTimeout: 2000,
            connectionAcquisitionTimeout: 5000,
            // Managed transactions retry for 30 s by default, and each retry waits on a server
            // that is gone: a request gets its 503 from the first failed attempt instead. The
            // outbox relay, not the driver, retries the graph's writes.
            maxTransactionRetryTime: 0,
            disableLosslessIntegers: true,
          },
        );
        await driver.verifyConnectivity();
        for (const statement of constraintStatements) await driver.executeQuery(statement);
        return driver;
      },
    },
    Neo4jProbe,
  ],
  exports: [NEO4J_DRIVER, Neo4jProbe],
})
export class Neo4jModule implements OnApplicationShutdown {
  constructor(@Inject(NEO4J_DRIVER) private readonly driver: Driver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
