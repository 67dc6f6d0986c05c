#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../api/src/config/app-config';
import { Dataset } from './dataset';
import { datasetIdentity } from './dataset-identity';
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

/** A phase's failure: the failure line names the store, which a driver's message may not. */
class PhaseError extends Error {
  constructor(
    readonly phase: Phase,
    cause: unknown,
  ) {
    super(messageOf(cause), { cause });
  }
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return 2;
  }
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  const { plan, phases, waitTimeoutMs, summaryPath } = options;
  const identity = datasetIdentity(plan);
  console.log(
    `[seed] seed ${plan.seed}, dataset ${identity.key.slice(0, 12)}, phases ${phases.join(', ')}, sizes ${JSON.stringify(plan.sizes)}`,
  );
  const progress = new Progress(plan.sizes);
  const context: SeedContext = {
    dataset: new Dataset(plan),
    identity,
    config: loadConfig(),
    waitTimeoutMs,
    progress,
  };
  try {
    for (const phase of phases)
      await seeders[phase](context).catch((error: unknown) => {
        throw new PhaseError(phase, error);
      });
  } finally {
    progress.stop();
  }
  console.log(`\n${statsTable(progress.phases)}`);
  if (summaryPath) {
    const summary = {
      seed: plan.seed,
      dataset: identity.key,
      alreadySeeded: progress.phases.filter((stats) => stats.alreadySeeded).map((stats) => stats.store),
      tables: Object.assign({}, ...progress.phases.map((stats) => stats.tables)) as Record<string, number>,
    };
    await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  }
  return 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
    const where = error instanceof PhaseError ? ` in phase ${error.phase}` : '';
    console.error(`[seed] failed${where}: ${messageOf(error)}`);
    process.exitCode = 1;
  },
);
