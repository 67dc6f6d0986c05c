#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../api/src/config/app-config';
import { Dataset } from './dataset';
import { parseOptions, type Phase, usage, UsageError } from './options';
import { Progress, statsTable } from './progress';
import { seedCassandra } from './stores/cassandra-seeder';
import { seedMinio } from './stores/minio-seeder';
import { seedNeo4j } from './stores/neo4j-seeder';
import { seedPostgres } from './stores/postgres-seeder';
import { type SeedContext } from './stores/seed-context';

const seeders: Record<Phase, (context: SeedContext) => Promise<void>> = {
  postgres: seedPostgres,
  cassandra: seedCassandra,
  neo4j: seedNeo4j,
  minio: seedMinio,
};

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    // parseArgs reports unknown or malformed flags with a TypeError.
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return 2;
  }
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  const { plan, phases, waitTimeoutMs, summaryPath } = options;
  console.log(`[seed] seed ${plan.seed}, phases ${phases.join(', ')}, sizes ${JSON.stringify(plan.sizes)}`);
  const progress = new Progress(plan.sizes);
  const context: SeedContext = { dataset: new Dataset(plan), config: loadConfig(), waitTimeoutMs, progress };
  try {
    for (const phase of phases) await seeders[phase](context);
  } finally {
    progress.stop();
  }
  console.log(`\n${statsTable(progress.phases)}`);
  if (summaryPath) {
    const tables = Object.assign({}, ...progress.phases.map((phase) => phase.tables)) as Record<
      string,
      number
    >;
    await writeFile(summaryPath, `${JSON.stringify({ seed: plan.seed, tables }, null, 2)}\n`);
  }
  return 0;
}

// As PID 1 in a container Node ignores SIGTERM unless told otherwise; every write is idempotent,
// so stopping at once is safe and a re-run resumes where this one stopped.
process.once('SIGTERM', () => {
  console.error('[seed] SIGTERM: stopping (a re-run resumes safely)');
  process.exit(143);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
