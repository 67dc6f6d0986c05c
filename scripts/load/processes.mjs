// Child processes a test starts and must stop again, whatever happens to it.
import fs from 'node:fs';
import { spawnTracked, stopAll as stopTracked } from '../lib/http-process.mjs';

/** Starts a long-running process with its output in `logPath`; stopAll() ends it. */
export function startBackground(name, command, args, { env, cwd, logPath }) {
  const log = fs.openSync(logPath, 'a');
  const child = spawnTracked(name, command, args, { env, cwd, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  return child;
}

/** Runs a process to its end with its output shown; resolves to its exit code. */
export function runForeground(command, args, { env, cwd } = {}) {
  const child = spawnTracked(command, command, args, { env, cwd, stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** SIGTERM to every process still running, SIGKILL to those that ignore it for 15 s. */
export async function stopAll() {
  for (const label of await stopTracked()) console.log(`stopped ${label}`);
}
