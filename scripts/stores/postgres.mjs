// PostgreSQL from Debian's packages, as its own cluster in .stores/data/postgres.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { endpoints } from './endpoints.mjs';
import { HOST, aptInstall, apiRequire, dataDir, isRoot, run, startDetached } from './lib.mjs';
import { versions } from './versions.mjs';

const { port, user, password, database } = endpoints.postgres;
const pin = versions.postgres;
const bin = (tool) => `/usr/lib/postgresql/${pin.version}/bin/${tool}`;
// PostgreSQL refuses to run as root; as root the harness runs it as Debian's `postgres` user.
const osUser = isRoot ? 'postgres' : undefined;

function ownByOsUser(dir) {
  if (!osUser) return;
  run('chown', ['-R', `${osUser}:${osUser}`, dir]);
  // Every folder above the cluster must be traversable by that user too.
  const probe = run('runuser', ['-u', osUser, '--', 'sh', '-c', `test -w "${dir}" && echo ok || true`]);
  if (probe.trim() !== 'ok') {
    throw new Error(
      `${dir} is not reachable by the ${osUser} user: clone the repository outside a private home folder`,
    );
  }
}

function initCluster(dir) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'summer-trip-pg-'));
  const pwfile = path.join(scratch, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (osUser) run('chown', ['-R', osUser, scratch]);
  try {
    const args = [
      '-D',
      dir,
      '-U',
      user,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ];
    run(osUser ? 'runuser' : bin('initdb'), osUser ? ['-u', osUser, '--', bin('initdb'), ...args] : args);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function query(db, sql, params) {
  const { Client } = apiRequire('pg');
  const client = new Client({
    host: HOST,
    port,
    user,
    password,
    database: db,
    connectionTimeoutMillis: 2000,
  });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export default {
  name: 'postgres',
  version: pin.version,
  address: `${HOST}:${port}`,
  stop: { signal: 'SIGINT' }, // "fast" shutdown: SIGTERM would wait for every client to leave

  async install() {
    aptInstall(pin.aptPackages);
  },

  async start() {
    const dir = dataDir('postgres');
    ownByOsUser(dir);
    if (readdirSync(dir).length === 0) initCluster(dir);
    const socketDir = path.join(dir, 'sockets');
    if (!existsSync(socketDir))
      run(osUser ? 'runuser' : 'mkdir', osUser ? ['-u', osUser, '--', 'mkdir', socketDir] : [socketDir]);
    startDetached(
      'postgres',
      bin('postgres'),
      [
        '-D',
        dir,
        '-c',
        `listen_addresses=${HOST}`,
        '-c',
        `port=${port}`,
        '-c',
        `unix_socket_directories=${socketDir}`,
        // Throwaway development and test data: durability is traded for speed.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
      { user: osUser },
    );
  },

  async probe() {
    const [row] = await query('postgres', 'SHOW server_version');
    return row.server_version.split(' ')[0];
  },

  async afterReady() {
    const rows = await query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length === 0) await query('postgres', `CREATE DATABASE "${database}"`);
  },
};
