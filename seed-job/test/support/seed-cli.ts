import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '../../dist/seed-job/src/main.js');

export interface SeedRun {
  child: ChildProcess;
  /** Everything the seeder printed so far. */
  output: () => string;
  /** Resolves with the exit code (null if killed) once the process ended. */
  exited: Promise<number | null>;
  /** The row counts per table the seeder wrote in its summary. */
  summary: () => Record<string, number>;
}

/** Starts the built seeder (npm run build) the way a Job does. */
export function startSeed(args: string[], env: NodeJS.ProcessEnv = {}): SeedRun {
  const summaryPath = join(mkdtempSync(join(tmpdir(), 'seed-')), 'summary.json');
  // A wait timeout in `args` comes later and wins.
  const child = spawn(process.execPath, [CLI, '--wait-timeout', '60', ...args, '--summary', summaryPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    summary: () =>
      (JSON.parse(readFileSync(summaryPath, 'utf8')) as { tables: Record<string, number> }).tables,
  };
}

/** Runs the seeder to the end and fails with its output unless it succeeded. */
export async function seed(args: string[]): Promise<SeedRun> {
  const run = startSeed(args);
  const code = await run.exited;
  if (code !== 0) throw new Error(`seeder exited with ${code}:\n${run.output()}`);
  return run;
}

/** A seed of its own per test run, so runs never find each other's (or the API tests') data. */
export function freshSeed(): number {
  return 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
}
