// The processes of a benchmark run: the API and the bare server under test, and the load
// generator, each in a process of its own.
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { endOf, keepStderr, spawnTracked, startApi as startBuiltApi } from '../lib/http-process.mjs';

const WORKER = new URL('./load-worker.mjs', import.meta.url).pathname;
const BARE_SERVER = new URL('./bare-server.mjs', import.meta.url).pathname;
// The servers under test run in process groups of their own: a terminal's Ctrl-C signals the
// benchmark's whole group, and the API must outlive it until the cleanup has deleted, through
// the API, what the run made. run.mjs stops them (stopAll) after that.
const OWN_GROUP = { detached: true };

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
export function startApi({ env, nodeOptions }) {
  return startBuiltApi({ env, nodeOptions, ...OWN_GROUP, stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function startBareServer() {
  const child = spawnTracked('the bare server', process.execPath, [BARE_SERVER], {
    ...OWN_GROUP,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = keepStderr(child);
  const [line] = await Promise.race([
    once(child.stdout.setEncoding('utf8'), 'data'),
    once(child, 'exit').then(() => {
      throw new Error(`bare server exited:\n${stderr.join('')}`);
    }),
  ]);
  return { child, url: `http://127.0.0.1:${line.trim()}` };
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

/**
 * One load run (see load-worker.mjs) in its own process, given its plan on stdin; resolves to
 * its result. stopAll stops it too.
 */
export async function runLoad(plan) {
  const child = spawnTracked('the load generator', process.execPath, [WORKER], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // A generator that ends before it read all of its plan is reported by how it ended, below.
  child.stdin.on('error', () => {}).end(JSON.stringify(plan));
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  // 'close', not 'exit': by then its stdout has been read to the end.
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`the load generator ${endOf(child)}`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
