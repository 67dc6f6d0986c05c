// The processes of a benchmark run: the API and the bare server under test, and the load
// generator, each in a process of its own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort, waitForHttp } from '../lib/http-process.mjs';

const WORKER = new URL('./load-worker.mjs', import.meta.url).pathname;
const BARE_SERVER = new URL('./bare-server.mjs', import.meta.url).pathname;

function keepStderr(child) {
  const lines = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => lines.push(chunk));
  return lines;
}

/**
 * How the chart runs the API process (its values.yaml): Node's flags (`nodeOptions`) and
 * glibc's allocator settings (`malloc`) as environment variables.
 */
export async function chartRuntime() {
  const values = parse(
    await readFile(new URL('../../charts/summer-trip-api/values.yaml', import.meta.url), 'utf8'),
  );
  if (!values.nodeOptions || !values.malloc)
    throw new Error('charts/summer-trip-api/values.yaml sets no nodeOptions or malloc');
  return {
    nodeOptions: values.nodeOptions.trim(),
    env: {
      MALLOC_ARENA_MAX: String(values.malloc.arenaMax),
      MALLOC_MMAP_THRESHOLD_: String(values.malloc.mmapThreshold),
    },
  };
}

/**
 * Starts the built API. Its request log goes to /dev/null, as cheap as a container runtime
 * reading stdout; what it prints on stderr is shown if it fails to start.
 */
export async function startApi({ env, nodeOptions = [] }) {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, 'dist/main.js'], {
    cwd: 'api',
    env: { ...process.env, ...env, PORT: String(port), METRICS_PORT: String(metricsPort) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr = keepStderr(child);
  await waitForHttp(`http://127.0.0.1:${port}/health/ready`, {
    child,
    timeoutMs: 120_000,
    what: 'the API',
    output: () => stderr.join(''),
  });
  return { child, url: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

export async function startBareServer() {
  const child = spawn(process.execPath, [BARE_SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = keepStderr(child);
  const [line] = await Promise.race([
    once(child.stdout.setEncoding('utf8'), 'data'),
    once(child, 'exit').then(() => {
      throw new Error(`bare server exited:\n${stderr.join('')}`);
    }),
  ]);
  return { child, url: `http://127.0.0.1:${line.trim()}` };
}

export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Starts the process' peak resident memory (VmHWM) again from what it holds now. */
export async function resetPeakRss(pid) {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

/** The most memory the process has held resident since it started or `resetPeakRss`, in MiB. */
export async function peakRssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)[1]);
  return Math.round(kib / 1024);
}

// Linux counts CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on.
const TICKS_PER_SECOND = 100;

/**
 * CPU time the process has used so far (user + system), in ms. Per request, it tells what a
 * code change saved even while other work on the machine makes requests per second noisy.
 */
export async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which sits in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** One load run (see load-worker.mjs) in its own process; resolves to its result. */
export async function runLoad(plan) {
  const planPath = join(tmpdir(), `summer-trip-bench-${process.pid}-${Date.now()}.json`);
  await writeFile(planPath, JSON.stringify(plan));
  try {
    const child = spawn(process.execPath, [WORKER, planPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } finally {
    await rm(planPath, { force: true });
  }
}
