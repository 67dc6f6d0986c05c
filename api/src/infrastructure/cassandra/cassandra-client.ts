import { Client, type ClientOptions, auth, policies, types } from 'cassandra-driver';
import { type AppConfig } from '../../config/app-config';
import { keyspaceStatement, tableStatements } from './schema';

type SocketOptions = NonNullable<ClientOptions['socketOptions']>;

// Requests of the API answer in milliseconds; bulk writers (the seeder) pass longer timeouts.
const apiSocketOptions = (config: AppConfig): SocketOptions => ({
  connectTimeout: 2000,
  readTimeout: config.STORE_TIMEOUT_MS,
});

function createClient(config: AppConfig, socketOptions: SocketOptions, keyspace?: string): Client {
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
    socketOptions,
    queryOptions: { prepare: true, consistency: types.consistencies.localQuorum },
  });
}

/**
 * Creates the keyspace and every table (idempotent statements), then returns a client bound
 * to the keyspace: such a client cannot connect before its keyspace exists.
 */
export async function connectWithSchema(
  config: AppConfig,
  socketOptions: SocketOptions = apiSocketOptions(config),
): Promise<Client> {
  const bootstrap = createClient(config, socketOptions);
  try {
    await bootstrap.execute(keyspaceStatement(config), [], { prepare: false });
  } finally {
    await bootstrap.shutdown();
  }
  const client = createClient(config, socketOptions, config.CASSANDRA_KEYSPACE);
  try {
    for (const statement of tableStatements) await client.execute(statement, [], { prepare: false });
  } catch (error) {
    await client.shutdown();
    throw error;
  }
  return client;
}
