import neo4j, { type Config, type Driver } from 'neo4j-driver';
import { type AppConfig } from '../../config/app-config';
import { constraintStatements } from './schema';

// Managed transactions retry for 30 s by default, and each retry waits on a server that is gone:
// a request gets its 503 from the first failed attempt instead. The outbox relay, not the driver,
// retries the graph's writes. Bulk writers (the seeder) pass their own settings.
const apiDriverConfig: Config = {
  connectionTimeout: 2000,
  connectionAcquisitionTimeout: 5000,
  maxTransactionRetryTime: 0,
};

/**
 * A driver that reached the server, with the constraints created (idempotent statements); shared
 * with the seeder. Counts come back as JavaScript numbers, as every reader expects.
 */
export async function connectWithConstraints(
  config: AppConfig,
  driverConfig: Config = apiDriverConfig,
): Promise<Driver> {
  const driver = neo4j.driver(
    `bolt://${config.NEO4J_HOST}:${config.NEO4J_PORT}`,
    neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD),
    { ...driverConfig, disableLosslessIntegers: true },
  );
  try {
    await driver.verifyConnectivity();
    for (const statement of constraintStatements) await driver.executeQuery(statement);
    return driver;
  } catch (error) {
    await driver.close();
    throw error;
  }
}
