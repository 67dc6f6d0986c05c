// Shared plumbing of the local real-stores harness: where things live, how a store
// process is started, found again and stopped, and how to wait for it to answer.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Everything a run writes: data, logs and pid files, one git-ignored folder. */
export const STATE_DIR = process.env.STORES_DIR ?? path.join(ROOT, '.stores');
/**
 * Downloads and builds, shared by every clone on the machine: the directory scripts/lib/cache.sh
 * names, where an empty variable counts as unset.
 */
export const CACHE_DIR =
  process.env.SUMMER_TRIP_CACHE ||
  path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'summer-trip');

export const HOST = '127.0.0.1';
export const isRoot = process.getuid?.() === 0;

export const dataDir = (store) => ensureDir(path.join(STATE_DIR, 'data', store));
export const logFile = (store) => path.join(ensureDir(path.join(STATE_DIR, 'logs')), `${store}.log`);
const pidFile = (store) => path.join(ensureDir(path.join(STATE_DIR, 'run')), `${store}.pid`);

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The drivers the API itself uses, so a probe speaks to a store exactly as the API does. */
export const apiRequire = createRequire(path.join(ROOT, 'api', 'package.json'));

export function log(message) {
  process.stderr.write(`[stores] ${message}\n`);
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}\n${output}`);
  }
  return result.stdout ?? '';
}

export function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

let aptUpdated = false;
/** Installs Debian packages that are missing (root or sudo needed only when something is missing). */
export function aptInstall(packages) {
  const missing = packages.filter(
    (pkg) =>
      spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout !==
      'install ok installed',
  );
  if (missing.length === 0) return;
  // As root, or through sudo, which would drop DEBIAN_FRONTEND from the environment.
  const asRoot = (command, args) =>
    isRoot
      ? run(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      : run('sudo', ['env', 'DEBIAN_FRONTEND=noninteractive', command, ...args]);
  log(`installing Debian packages: ${missing.join(' ')}`);
  // Another install may hold dpkg's lock (the stores start beside other steps of npm test):
  // wait for it rather than fail at once.
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=600'];
  if (!aptUpdated) {
    asRoot('apt-get', [...waitForLock, 'update', '-qq']);
    aptUpdated = true;
  }
  // A package's maintainer scripts would start the system's own instance (PostgreSQL's
  // "main" cluster, redis-server) on the very ports the harness uses; policy-rc.d forbids it.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) asRoot('sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > ${policy} && chmod 755 ${policy}`]);
  try {
    asRoot('apt-get', [...waitForLock, 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } finally {
    if (ownPolicy) asRoot('rm', ['-f', policy]);
  }
}

/**
 * Starts a store as a detached process group whose output goes to the store's log file,
 * and records its pid so `down` stops exactly what `up` started.
 */
export function startDetached(store, cmd, args, { env = {}, cwd, user } = {}) {
  const out = openSync(logFile(store), 'a');
  const [file, argv] = user && isRoot ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
  const child = spawn(file, argv, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  writeFileSync(pidFile(store), `${child.pid}\n`);
  return child.pid;
}

/** The pid of the store's process group if that process is still alive. */
export function runningPid(store) {
  const file = pidFile(store);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    rmSync(file, { force: true });
    return undefined;
  }
}

/**
 * Freezes (SIGSTOP) or thaws (SIGCONT) the store's processes: a frozen store keeps its
 * connections open and accepts new ones, but answers nothing, as a hung server does. Its
 * process group and every process they started: PostgreSQL's backends leave the group (each
 * is a session of its own), and they are what answers queries.
 */
export function freezeProcess(store, frozen) {
  const pgid = runningPid(store);
  if (pgid === undefined)
    throw new Error(`${store} was not started by this harness: nothing to ${frozen ? 'pause' : 'resume'}`);
  // Parents first: a stopped parent starts no process the walk below would miss.
  for (const pid of processTree(pgid)) process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT');
}

/** The processes of group `pgid` and all their descendants, parents before children (Linux). */
function processTree(pgid) {
  const processes = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        // Fields after the command's closing parenthesis: state, ppid, pgrp, …
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [, ppid, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{ pid: Number(entry), ppid: Number(ppid), pgid: Number(group) }];
      } catch {
        return []; // exited meanwhile
      }
    });
  const tree = processes.filter((proc) => proc.pgid === pgid).map((proc) => proc.pid);
  for (let index = 0; index < tree.length; index++) {
    for (const proc of processes)
      if (proc.ppid === tree[index] && !tree.includes(proc.pid)) tree.push(proc.pid);
  }
  return tree;
}

/** Signals the store's whole process group, waits for it to exit, escalates to SIGKILL. */
export async function stopProcess(store, { signal = 'SIGTERM', timeoutMs = 30_000 } = {}) {
  const pid = runningPid(store);
  if (pid === undefined) return false;
  const signalGroup = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  signalGroup(signal);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) signalGroup('SIGKILL');
  while (groupAlive(pid)) await sleep(50);
  rmSync(pidFile(store), { force: true });
  return true;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it resolves (its value is returned) or the deadline passes.
 * `isAlive` lets a wait fail fast when the process being waited for has died.
 */
export async function waitUntil(probe, { timeoutMs, what, isAlive = () => true, logPath }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (!isAlive()) break;
    await sleep(500);
  }
  const tail = logPath && existsSync(logPath) ? `\n--- last lines of ${logPath} ---\n${tailOf(logPath)}` : '';
  throw new Error(`${what} did not answer: ${lastError?.message ?? 'process exited'}${tail}`);
}

function tailOf(file, lines = 25) {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Copies a Maven artifact and its runtime dependencies from Maven Central into `libDir`,
 * once: the pom names the artifact, `properties` pin its version.
 */
export function mavenFetch({ what, pom, properties, libDir }) {
  if (existsSync(libDir)) return;
  if (!commandExists('java') || !commandExists('mvn')) aptInstall(['openjdk-17-jre-headless', 'maven']);
  log(`fetching ${what} and its dependencies with Maven`);
  // Into a side folder first, so that an interrupted fetch is not taken for an install.
  const partial = `${libDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  run('mvn', [
    '--batch-mode',
    '--quiet',
    '--file',
    pom,
    ...Object.entries(properties).map(([name, value]) => `-D${name}=${value}`),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${partial}`,
    '-DincludeScope=runtime',
  ]);
  renameSync(partial, libDir);
}
