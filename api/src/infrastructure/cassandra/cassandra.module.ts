import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, auth, policies, types } from 'cassandra-driver';
import { APP_CONFIG } from '../../config/config.module';
import { type AppConfig } from '../../config/app-config';
import { type StoreProbe } from '../store-probe';
import { keyspaceStatement, tableStatements } from './schema';

@Injectable()
export class CassandraProbe implements StoreProbe {
  readonly store = 'cassandra';
  constructor(private readonly client: Client) {}

  async ping(): Promise<void> {
    await this.client.execute('SELECT release_version FROM system.local', [], { prepare: true });
  }
}

function createClient(config: AppConfig, keyspace?: string): Client {
  return new Client({
    keyspace,
    contactPoints: [`${config.CASSANDRA_HOST}:${config.CASSANDRA_PORT}`],
    localDataCenter: config.CASSANDRA_DATACENTER,
    authProvider:
      config.CASSANDRA_USER && config.CASSANDRA_PASSWORD
        ? new auth.PlainTextAuthProvider(config.CASSANDRA_USER, config.CASSANDRA_PASSWORD)
        : undefined,
    // The driver's default waits up to ten minutes between reconnection attempts; a node
    // that comes back should be used again within seconds.
    policies: { reconnection: new policies.reconnection.ExponentialReconnectionPolicy(250, 2000, false) },
    socketOptions: { connectTimeout: 2000, readTimeout: 5000 },
    queryOptions: { prepare: true, consistency: types.consistencies.localQuorum },
  });
}

@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Client> => {
        // A client bound to a keyspace cannot connect before the keyspace exists.
        const bootstrap = createClient(config);
        try {
          await bootstrap.execute(keyspaceStatement(config), [], { prepare: false });
        } finally {
          await bootstrap.shutdown();
        }
        const client = createClient(config, config.CASSANDRA_KEYSPACE);
        await client.connect();
        for (const statement of tableStatements) await client.execute(statement, [], { prepare: false });
        return client;
      },
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
