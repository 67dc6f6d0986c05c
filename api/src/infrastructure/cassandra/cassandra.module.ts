import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'cassandra-driver';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { connectWithSchema } from './cassandra-client';

@Injectable()
export class CassandraProbe implements StoreProbe {
  readonly store = 'cassandra';
  constructor(private readonly client: Client) {}

  async ping(): Promise<void> {
    await this.client.execute('SELECT release_version FROM system.local', [], { prepare: true });
  }
}

@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<Client> => connectWithSchema(config),
    },
    CassandraProbe,
  ],
  exports: [Client, CassandraProbe],
})
export class CassandraModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.shutdown();
  }
}
