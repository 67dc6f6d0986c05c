// Neo4j Community, the API's graph store: the org.neo4j:neo4j jars and their dependencies from
// Maven Central, run on the machine's JDK 17 through Neo4j's own server entry point (the class the
// tarball's `neo4j console` starts), with our own neo4j.conf.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpoints } from './endpoints.mjs';
import { CACHE_DIR, HOST, apiRequire, dataDir, ensureDir, mavenFetch, run, startDetached } from './lib.mjs';
import { versions } from './versions.mjs';

const { version } = versions.neo4j;
const { boltPort, user, password } = endpoints.neo4j;

const confDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'neo4j');
const libDir = path.join(CACHE_DIR, `neo4j-${version}`, 'lib');
const classPath = path.join(libDir, '*');

/** Writes this run's neo4j.conf next to the data, from the template in scripts/stores/neo4j/. */
function renderConfig(home) {
  const conf = ensureDir(path.join(home, 'conf'));
  const text = readFileSync(path.join(confDir, 'neo4j.conf'), 'utf8')
    .replaceAll('{{host}}', HOST)
    .replaceAll('{{boltPort}}', String(boltPort));
  writeFileSync(path.join(conf, 'neo4j.conf'), text);
  return conf;
}

/**
 * Runs `neo4j-admin dbms set-initial-password` (its AdminTool class), as the Docker image does for
 * NEO4J_AUTH, so the neo4j user has the API's password from the very first start. Neo4j reads the
 * file this writes only when it creates the system database: later starts skip it, and a password
 * changed afterwards has to be changed in the database too.
 */
function setInitialPassword(home, conf) {
  if (existsSync(path.join(home, 'data', 'databases', 'system'))) return;
  run('java', ['-cp', classPath, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', password], {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: conf },
  });
}

export default {
  name: 'neo4j',
  version,
  address: `${HOST}:${boltPort}`,
  // Starts took 20-25 s on 2 busy cores (the first one also creates the system and neo4j
  // databases); booting beside Cassandra and the other stores can take several times that.
  startTimeoutMs: 180_000,

  async install() {
    mavenFetch({
      what: `Neo4j ${version}`,
      pom: path.join(confDir, 'pom.xml'),
      properties: { 'neo4j.version': version },
      libDir,
    });
  },

  async start() {
    const home = dataDir('neo4j');
    const conf = renderConfig(home);
    setInitialPassword(home, conf);
    startDetached(
      'neo4j',
      'java',
      [
        // Dev and CI graphs are tiny: 256 MiB covers Neo4j's own caches plus query state, and the
        // 512 MiB cap leaves room for a test's larger transaction without taking memory from the
        // other four stores. The page cache (off heap) is sized in neo4j.conf.
        '-Xms256m',
        '-Xmx512m',
        // The options Neo4j 5 itself adds to every config it migrates to 5.x (neo4j-admin's
        // ConfigFileMigrator): its page cache and native helpers reach into JDK internals.
        '--add-opens=java.base/java.nio=ALL-UNNAMED',
        '--add-opens=java.base/java.io=ALL-UNNAMED',
        '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
        '--enable-native-access=ALL-UNNAMED',
        '-Dlog4j2.disable.jmx=true',
        '-cp',
        classPath,
        'org.neo4j.server.CommunityEntryPoint',
        `--home-dir=${home}`,
        `--config-dir=${conf}`,
        // Keeps the user log on stdout, which startDetached sends to the store's log file;
        // debug.log and query.log go to <data dir>/logs.
        '--console-mode',
      ],
      // Heap dumps and crash files land next to the data instead of in the repo.
      { cwd: home },
    );
  },

  // A real Cypher query on the default database, through the API's own driver and credentials:
  // an open port would prove neither that the password took nor that the database is online.
  async probe() {
    const neo4j = apiRequire('neo4j-driver');
    const driver = neo4j.driver(`bolt://${HOST}:${boltPort}`, neo4j.auth.basic(user, password), {
      connectionTimeout: 2000,
    });
    // An auto-commit query fails at once when nothing listens; driver.executeQuery would retry for
    // half a minute, long after the caller has given up, and hold `status` open that long.
    const session = driver.session();
    try {
      const { records } = await session.run(
        'CALL dbms.components() YIELD versions RETURN versions[0] AS version',
      );
      return records[0].get('version');
    } finally {
      await session.close();
      await driver.close();
    }
  },

  // SIGTERM runs Neo4j's shutdown hook, which checkpoints every database, so the next start has
  // no transaction log to recover.
  stop: { signal: 'SIGTERM', timeoutMs: 30_000 },
};
