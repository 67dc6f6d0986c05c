import { type Client as CassandraClient } from 'cassandra-driver';
import { type Client as MinioClient } from 'minio';
import { type Driver } from 'neo4j-driver';
import { type Client as PgClient } from 'pg';
import { type DatasetIdentity } from '../dataset-identity';
import { statIfPresent } from './object-stat';

/**
 * The mark a phase leaves in its store once the whole dataset is in it. Kept in that store, so a
 * store emptied since is seeded again; recorded only at the end, so an interrupted run leaves
 * none and its re-run resumes.
 */
export interface CompletionMark {
  found(): Promise<boolean>;
  record(): Promise<void>;
}

// The seeder's own table, beside the API's: the API's migrations know nothing of it.
const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS seeded_datasets (
  dataset text PRIMARY KEY, plan jsonb NOT NULL, completed_at timestamptz NOT NULL DEFAULT now()
)`;

export function postgresMark(client: PgClient, { key, plan }: DatasetIdentity): CompletionMark {
  return {
    found: async () => {
      await client.query(POSTGRES_TABLE);
      return (await client.query('SELECT 1 FROM seeded_datasets WHERE dataset = $1', [key])).rowCount === 1;
    },
    record: async () => {
      await client.query(
        'INSERT INTO seeded_datasets (dataset, plan) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [key, plan],
      );
    },
  };
}

const CASSANDRA_TABLE =
  'CREATE TABLE IF NOT EXISTS seeded_datasets (dataset text PRIMARY KEY, plan text, completed_at timestamp)';

export function cassandraMark(client: CassandraClient, { key, plan }: DatasetIdentity): CompletionMark {
  return {
    found: async () => {
      await client.execute(CASSANDRA_TABLE, [], { prepare: false });
      return (
        (await client.execute('SELECT dataset FROM seeded_datasets WHERE dataset = ?', [key])).rowLength === 1
      );
    },
    record: async () => {
      await client.execute(
        'INSERT INTO seeded_datasets (dataset, plan, completed_at) VALUES (?, ?, toTimestamp(now()))',
        [key, plan],
      );
    },
  };
}

export function neo4jMark(driver: Driver, { key, plan }: DatasetIdentity): CompletionMark {
  return {
    found: async () => {
      const { records } = await driver.executeQuery(
        'MATCH (mark:SeededDataset {dataset: $key}) RETURN count(mark) AS marks',
        { key },
      );
      return (records[0].get('marks') as number) > 0;
    },
    record: async () => {
      await driver.executeQuery(
        'MERGE (mark:SeededDataset {dataset: $key}) ON CREATE SET mark.plan = $plan, mark.completedAt = datetime()',
        { key, plan },
      );
    },
  };
}

// Not a UUID, so the API's orphan sweep, which looks only at the keys it mints, leaves it alone.
const minioMarkKey = (key: string) => `seeded-datasets/${key}.json`;

export function minioMark(
  client: MinioClient,
  bucket: string,
  { key, plan }: DatasetIdentity,
): CompletionMark {
  return {
    found: async () => (await statIfPresent(client, bucket, minioMarkKey(key))) !== null,
    record: async () => {
      await client.putObject(bucket, minioMarkKey(key), Buffer.from(plan), undefined, {
        'Content-Type': 'application/json',
      });
    },
  };
}
