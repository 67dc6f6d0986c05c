import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Driver } from 'neo4j-driver';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { connectWithConstraints } from './neo4j-client';

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
      useFactory: (config: AppConfig): Promise<Driver> => connectWithConstraints(config),
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
