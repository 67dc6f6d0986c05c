// Shared by the scripts that start a server, talk to it and stop it again (scripts/load,
// scripts/bench).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const API_DIR = new URL('../../api/', import.meta.url).pathname;
// How long a process may take to end on SIGTERM (the API drains its requests) before SIGKILL.
const STOP_GRACE_MS = 15_000;
const started = new Set();

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** How `child` ended ("exited with code 1", "was killed by SIGKILL"); null while it runs. */
export function endOf(child) {
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  return null;
}

/**
 * Polls `url` until it answers 2xx. Fails early when `child` ends (an OOM kill included), and
 * late after `timeoutMs`, with `output()` (what the process printed) appended when given.
 */
export async function waitForHttp(url, { child, timeoutMs = 60_000, what, output = () => '' }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ended = child && endOf(child);
    if (ended) throw new Error(`${what} ${ended}\n${output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s\n${output()}`);
}

/** Starts a process as `spawn` does, its `env` added to this one's; `stopAll` ends it. */
export function spawnTracked(label, command, args, { env, ...options } = {}) {
  const child = spawn(command, args, { ...options, env: { ...process.env, ...env } });
  child.label = label;
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL if `child` ignores it for 15 s; false if it had ended already. */
export async function stop(child) {
  if (endOf(child)) return false;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
  return true;
}

/** Stops every process `spawnTracked` started that still runs; resolves to their labels. */
export async function stopAll() {
  const stopped = await Promise.all([...started].map(async (child) => (await stop(child)) && child.label));
  return stopped.filter(Boolean);
}

/** What `child` writes on stderr, kept to show should it fail. */
export function keepStderr(child) {
  const lines = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => lines.push(chunk));
  return lines;
}

/**
 * Starts the built API (api/dist/main.js) on free ports and waits until it is ready, stopping
 * it again if it never is. `options` go to `spawn` (stdio, detached); a stderr piped there is
 * shown if it fails to start.
 */
export async function startApi({ env, nodeOptions = [], ...options }) {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = spawnTracked('the API', process.execPath, [...nodeOptions, 'dist/main.js'], {
    ...options,
    cwd: API_DIR,
    env: { ...env, PORT: String(port), METRICS_PORT: String(metricsPort) },
  });
  const stderr = child.stderr ? keepStderr(child) : [];
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health/ready`, {
      child,
      timeoutMs: 120_000,
      what: 'the API',
      output: () => stderr.join(''),
    });
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { child, url, metricsPort, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}
