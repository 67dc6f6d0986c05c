#!/usr/bin/env node
// Checks that the API chart's defaults name what the platform install creates: the Services and
// Secrets the operators derive from the custom resources in k8s/ (CloudNativePG: <cluster>-rw and
// <cluster>-app; k8ssandra-operator: <cluster>-<dc>-service and <cluster>-superuser) and the
// values scripts/cluster/platform.sh gives the store charts. tests/wiring_test.yaml pins the
// rendered names; this keeps both sides of the wiring in step when either changes.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const read = (path) => parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
const values = read('charts/summer-trip-api/values.yaml');
const postgres = read('k8s/postgres-cluster.yaml');
const cassandra = read('k8s/cassandra-cluster.yaml');
const neo4j = read('scripts/cluster/values/neo4j.yaml');
const traefik = read('scripts/cluster/values/traefik.yaml');
const platform = readFileSync(new URL('../cluster/platform.sh', import.meta.url), 'utf8');

/** The release name platform.sh installs a chart under (`install <release> <chart> ...`). */
const release = (chart) => platform.match(new RegExp(`^install (\\S+) ${chart} `, 'm'))?.[1];
const datacenter = cassandra.spec.cassandra.datacenters[0].metadata.name;
/** The Secret platform.sh writes for Neo4j (the one with NEO4J_AUTH), and the key holding the bare password. */
const neo4jSecret = platform.match(/create secret generic (\S+)[^\n]*\\\n[^\n]*NEO4J_AUTH/)?.[1];
const neo4jPasswordKey = platform.match(/--from-literal=(\w+)="\$password"/)?.[1];

const expectations = [
  ['postgresql.host', values.postgresql.host, `${postgres.metadata.name}-rw`],
  ['postgresql.existingSecret', values.postgresql.existingSecret, `${postgres.metadata.name}-app`],
  ['postgresql.database', values.postgresql.database, postgres.spec.bootstrap.initdb.database],
  ['cassandra.host', values.cassandra.host, `${cassandra.metadata.name}-${datacenter}-service`],
  ['cassandra.existingSecret', values.cassandra.existingSecret, `${cassandra.metadata.name}-superuser`],
  ['cassandra.datacenter', values.cassandra.datacenter, datacenter],
  ['neo4j.host', values.neo4j.host, release('neo4j/neo4j')],
  ['neo4j.existingSecret', values.neo4j.existingSecret, neo4j.neo4j.passwordFromSecret],
  ['neo4j.existingSecret', values.neo4j.existingSecret, neo4jSecret],
  ['neo4j.secretKeys.password', values.neo4j.secretKeys.password, neo4jPasswordKey],
  ['redis.host', values.redis.host, release('valkey/valkey')],
  ['minio.host', values.minio.host, release('minio/minio')],
  ['minio.existingSecret', values.minio.existingSecret, release('minio/minio')],
  ['ingress.className', values.ingress.className, traefik.ingressClass.name],
];

let failures = 0;
for (const [key, actual, expected] of expectations) {
  if (actual === expected) {
    console.log(`ok   ${key} = ${actual}`);
  } else {
    console.error(`FAIL ${key} is ${actual}, the platform creates ${expected}`);
    failures += 1;
  }
}
process.exit(failures === 0 ? 0 : 1);
