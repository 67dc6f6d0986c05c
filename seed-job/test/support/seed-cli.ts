import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Phase } from '../../src/options';

const CLI = join(__dirname, '../../dist/seed-job/src/main.js');

/** What the seeder reported in its --summary file about the rows it wrote. */
export interface SeedSummary {
  /** Rows written per table, by the phases that wrote. */
  tables: Record<string, number>;
  /** The phases that found the dataset complete in their store and wrote nothing. */
  alreadySeeded: Phase[];
}

export interface SeedRun {
  child: ChildProcess;
  /** Everything the seeder printed so far. */
  output: () => string;
  /** Resolves with the exit code (null if killed) once the process ended and its output closed. */
  exited: Promise<number | null>;
  summary: () => SeedSummary;
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
    // 'close', not 'exit': the output may still be arriving when the process has exited.
    exited: new Promise((resolve) => child.on('close', (code) => resolve(code))),
    summary: () => {
      const { tables, alreadySeeded } = JSON.parse(readFileSync(summaryPath, 'utf8')) as SeedSummary;
      return { tables, alreadySeeded };
    },
  };
}

/** Runs the seeder to the end and fails with its output unless it succeeded. */
export async function seed(args: string[]): Promise<SeedRun> {
  const run = startSeed(args);
  const code = await run.exited;
  if (code !== 0) throw new Error(`seeder exited with ${code}:\n${run.output()}`);
  return run;
}

/** Waits until `condition` holds while the seeder runs; fails with its output if it ends first. */
export async function whileRunning(
  run: SeedRun,
  condition: () => boolean | Promise<boolean>,
  awaited: string,
): Promise<void> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  while (!(await condition())) {
    if (ended) throw new Error(`the seeder ended before ${awaited}:\n${run.output()}`);
    await sleep(50);
  }
}

export function printed(run: SeedRun, pattern: RegExp): Promise<void> {
  return whileRunning(run, () => pattern.test(run.output()), `printing ${pattern}`);
}

/** A seed of its own per test run, so runs never find each other's (or the API tests') data. */
export function freshSeed(): number {
  return 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
}
