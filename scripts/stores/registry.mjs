// The five stores, in the order `up` installs them.
import cassandra from './cassandra.mjs';
import minio from './minio.mjs';
import neo4j from './neo4j.mjs';
import postgres from './postgres.mjs';
import redis from './redis.mjs';

export const stores = [postgres, redis, minio, cassandra, neo4j];
