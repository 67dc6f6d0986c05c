#!/usr/bin/env node
// Checks that the chart sets every environment variable the API and the seeder read
// (the keys of configSchema in api/src/config/app-config.ts; the seeder loads the same
// configuration) and nothing the API does not know, in the Deployment and in the seed Job.
//
//   node check-env.mjs <rendered-manifests.yaml>   (helm template output with default values)
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { configSchema } from '../../api/src/config/app-config.ts';

// Variables the chart leaves unset on purpose, and why.
const leftToDefault = {
  REDIS_PASSWORD: 'set only with redis.auth.enabled: the valkey chart runs without a password by default',
};

// Variables Node itself or its C library reads, not the API.
const readByNode = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_'];

const manifests = parseAllDocuments(readFileSync(process.argv[2], 'utf8'))
  .map((document) => document.toJS())
  .filter(Boolean);
const configMaps = new Map(
  manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]),
);

/** Names a container's environment holds: its env entries and the ConfigMaps it imports. */
function environmentOf(container) {
  const names = new Set((container.env ?? []).map((variable) => variable.name));
  for (const source of container.envFrom ?? []) {
    const data = configMaps.get(source.configMapRef?.name);
    if (!data)
      throw new Error(
        `envFrom names ConfigMap ${source.configMapRef?.name}, which the chart does not render`,
      );
    Object.keys(data).forEach((name) => names.add(name));
  }
  return names;
}

const known = Object.keys(configSchema.shape);
const workloads = manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'Job');
let failures = 0;
for (const kind of ['Deployment', 'Job']) {
  if (!workloads.some((w) => w.kind === kind)) {
    console.error(`FAIL no ${kind} in the rendered chart`);
    failures += 1;
  }
}
for (const workload of workloads) {
  const container = workload.spec.template.spec.containers[0];
  const environment = environmentOf(container);
  const missing = known.filter((name) => !environment.has(name) && !(name in leftToDefault));
  const unknown = [...environment].filter((name) => !known.includes(name) && !readByNode.includes(name));
  const label = `${workload.kind} ${workload.metadata.name}`;
  if (missing.length > 0) console.error(`FAIL ${label} does not set ${missing.join(', ')}`);
  if (unknown.length > 0)
    console.error(`FAIL ${label} sets ${unknown.join(', ')}, which the API does not read`);
  if (missing.length + unknown.length === 0) {
    console.log(
      `ok   ${label} sets all ${known.length - Object.keys(leftToDefault).length} variables the API reads`,
    );
  }
  failures += missing.length + unknown.length;
}
for (const [name, why] of Object.entries(leftToDefault)) console.log(`     left unset: ${name} (${why})`);
process.exit(failures === 0 ? 0 : 1);
