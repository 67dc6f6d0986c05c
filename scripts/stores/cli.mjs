#!/usr/bin/env node
// The local real-stores harness: `up`, `down` and `status`, for all stores or the named ones;
// `pause` and `resume` freeze and thaw them, for tests of a store that hangs.
//   node scripts/stores/cli.mjs up [store…]
import { connect } from 'node:net';
import { freezeProcess, log, runningPid, stopProcess, waitUntil, logFile } from './lib.mjs';
import { stores } from './registry.mjs';

const [command, ...names] = process.argv.slice(2);
const unknown = names.filter((name) => !stores.some((store) => store.name === name));
if (!['up', 'down', 'status', 'pause', 'resume'].includes(command) || unknown.length > 0) {
  const known = stores.map((store) => store.name).join(', ');
  console.error(`usage: stores <up|down|status|pause|resume> [store…]   (stores: ${known})`);
  if (unknown.length > 0) console.error(`unknown store: ${unknown.join(', ')}`);
  process.exit(2);
}
const selected = names.length > 0 ? stores.filter((store) => names.includes(store.name)) : stores;

async function probeQuickly(store) {
  try {
    return { state: 'up', version: await withTimeout(store.probe(), 3000) };
  } catch {
    return { state: runningPid(store.name) ? 'starting' : 'down', version: store.version };
  }
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Whether something accepts connections at `host:port`. */
function listening(address) {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    const settle = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket
      .once('connect', () => settle(true))
      .once('error', () => settle(false))
      .once('timeout', () => settle(false));
  });
}

async function start(store) {
  const started = Date.now();
  if (!runningPid(store.name) && (await listening(store.address))) {
    // Started elsewhere (another checkout, a container): used if it is the very store, refused
    // otherwise, since the tests would run against whatever answers there.
    const { state, version } = await probeQuickly(store);
    if (state !== 'up' || !version.startsWith(store.version))
      throw new Error(
        `${store.address} is taken by a process that is not ${store.name} ${store.version} with this project's credentials: stop it, then run again`,
      );
    await store.afterReady?.();
    log(`${store.name} ${version} already listens at ${store.address}, started elsewhere: using it`);
    return version;
  }
  if (!runningPid(store.name)) {
    log(`starting ${store.name}`);
    await store.start();
  }
  const version = await waitUntil(() => withTimeout(store.probe(), 5000), {
    what: store.name,
    timeoutMs: store.startTimeoutMs ?? 120_000,
    isAlive: () => runningPid(store.name) !== undefined,
    logPath: logFile(store.name),
  });
  await store.afterReady?.();
  log(`${store.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return version;
}

function printTable(rows) {
  const header = ['store', 'version', 'address', 'state'];
  const table = [header, ...rows.map((row) => [row.name, row.version, row.address, row.state])];
  const widths = header.map((_, column) => Math.max(...table.map((row) => String(row[column]).length)));
  const line = (row) =>
    row
      .map((cell, column) => String(cell).padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  console.log(
    [line(table[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...table.slice(1).map(line)].join(
      '\n',
    ),
  );
}

async function main() {
  // A store that failed to start reads as failed, whatever answers at its address.
  const failed = new Set();
  if (command === 'up') {
    // Installs run one after another (apt and the build caches are not safe to share),
    // then the stores boot side by side, the slow JVM ones overlapping.
    for (const store of selected) await store.install();
    await Promise.all(
      selected.map((store) =>
        start(store).catch((error) => {
          failed.add(store.name);
          log(`${store.name} failed: ${error.message}`);
        }),
      ),
    );
  } else if (command === 'pause' || command === 'resume') {
    for (const store of selected) freezeProcess(store.name, command === 'pause');
    // A frozen store would only time out the probes below.
    if (command === 'pause') return log(`paused ${selected.map((store) => store.name).join(', ')}`);
  } else if (command === 'down') {
    await Promise.all(
      selected.map(async (store) => {
        if (await stopProcess(store.name, store.stop)) log(`stopped ${store.name}`);
      }),
    );
  }
  const rows = await Promise.all(
    selected.map(async (store) => ({
      ...store,
      ...(failed.has(store.name) ? { state: 'failed', version: store.version } : await probeQuickly(store)),
    })),
  );
  printTable(rows);
  if (command === 'up' && rows.some((row) => row.state !== 'up')) process.exitCode = 1;
}

await main();
// A driver socket to a port that accepts but never answers would keep the process alive.
process.exit(process.exitCode ?? 0);
