// Where each local store listens and the credentials it is created with. The names and
// defaults are the API's own (api/src/config), so `npm run api` finds the stores unconfigured.
const env = process.env;
const int = (value, fallback) => (value ? Number(value) : fallback);

export const endpoints = {
  postgres: {
    port: int(env.DATABASE_PORT, 5432),
    user: env.DATABASE_USER ?? 'summer_trip',
    password: env.DATABASE_PASSWORD ?? 'summer_trip',
    database: env.DATABASE_NAME ?? 'summer_trip',
  },
  redis: { port: int(env.REDIS_PORT, 6379) },
  cassandra: {
    port: int(env.CASSANDRA_PORT, 9042),
    datacenter: env.CASSANDRA_DATACENTER ?? 'datacenter1',
  },
  neo4j: {
    boltPort: int(env.NEO4J_PORT, 7687),
    user: env.NEO4J_USER ?? 'neo4j',
    password: env.NEO4J_PASSWORD ?? 'summer-trip-dev',
  },
  minio: {
    port: int(env.STORAGE_PORT, 9000),
    consolePort: int(env.STORAGE_CONSOLE_PORT, 9001),
    accessKey: env.STORAGE_ACCESS_KEY ?? 'summer-trip',
    secretKey: env.STORAGE_SECRET_KEY ?? 'summer-trip-secret',
    bucket: env.STORAGE_BUCKET ?? 'summer-trip',
  },
};
