// Child processes a test starts and must stop again, whatever happens to it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const started = new Set();

/** Starts a long-running process with its output in `logPath`; stopAll() ends it. */
export function startBackground(name, command, args, { env, cwd, logPath }) {
  const log = fs.openSync(logPath, 'a');
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.label = name;
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Runs a process to its end with its output shown; resolves to its exit code. */
export function runForeground(command, args, { env, cwd } = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: 'inherit' });
  started.add(child);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** SIGTERM to every process still running, SIGKILL to those that ignore it for 15 s. */
export async function stopAll() {
  await Promise.all(
    [...started].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      console.log(`stopped ${child.label ?? child.spawnfile}`);
    }),
  );
}
