// Cassandra, the API's wide-column store: the cassandra-all jar and its dependencies from Maven
// Central, run on the machine's JDK 17 with our own config and JVM options (Debian packages no
// Cassandra, and the harness downloads no tarballs).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpoints } from './endpoints.mjs';
import { CACHE_DIR, HOST, apiRequire, dataDir, logFile, mavenFetch, startDetached } from './lib.mjs';
import { versions } from './versions.mjs';

const { version } = versions.cassandra;
const { port, datacenter } = endpoints.cassandra;
// Cassandra's default inter-node port; bound to 127.0.0.1 only, and no other store uses it.
const storagePort = 7000;

const confDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cassandra');
const libDir = path.join(CACHE_DIR, `cassandra-${version}`, 'lib');

/** GossipingPropertyFileSnitch names the datacenter from this file; the API's driver must use the same name. */
function writeRackDc(home) {
  const file = path.join(home, 'cassandra-rackdc.properties');
  writeFileSync(file, `dc=${datacenter}\nrack=rack1\n`);
  return file;
}

export default {
  name: 'cassandra',
  version,
  address: `${HOST}:${port}`,
  // Start-up is mostly class loading and JIT: 10-20 s on 2 cores, first start or not, and
  // several times that while Neo4j's JVM and the other stores boot beside it.
  startTimeoutMs: 180_000,

  async install() {
    mavenFetch({
      what: `Cassandra ${version}`,
      pom: path.join(confDir, 'pom.xml'),
      properties: { 'cassandra.version': version },
      libDir,
    });
  },

  async start() {
    const home = dataDir('cassandra');
    const rackDc = writeRackDc(home);
    // Cassandra sizes memtables with jamm's instrumentation agent, as its own start script does.
    const jamm = readdirSync(libDir).find((jar) => /^jamm-.*\.jar$/.test(jar));
    startDetached(
      'cassandra',
      'java',
      [
        `@${path.join(confDir, 'jvm.options')}`,
        `-javaagent:${path.join(libDir, jamm)}`,
        `-Dcassandra.config=file://${path.join(confDir, 'cassandra.yaml')}`,
        `-Dcassandra-rackdc.properties=file://${rackDc}`,
        `-Dcassandra.storage_port=${storagePort}`,
        `-Dcassandra.native_transport_port=${port}`,
        // Data, commit log, hints and saved caches all go under this one folder.
        `-Dcassandra.storagedir=${home}`,
        // Where Cassandra puts audit and query logs if someone turns them on; our logback config
        // itself writes to stdout, which startDetached sends to the log file.
        `-Dcassandra.logdir=${path.dirname(logFile('cassandra'))}`,
        `-Dlogback.configurationFile=${path.join(confDir, 'logback.xml')}`,
        // Without it Cassandra closes stdout and stderr once started, and the log goes silent.
        '-Dcassandra-foreground=yes',
        '-cp',
        path.join(libDir, '*'),
        'org.apache.cassandra.service.CassandraDaemon',
      ],
      // A JVM crash report (hs_err_pid…) lands next to the data, not wherever `up` was run.
      { cwd: home },
    );
  },

  // A CQL query through the API's own driver, so ready means the API could use it now.
  async probe() {
    const { Client } = apiRequire('cassandra-driver');
    const client = new Client({
      contactPoints: [`${HOST}:${port}`],
      localDataCenter: datacenter,
      socketOptions: { connectTimeout: 2000 },
      // The probe needs no schema: skip fetching every keyspace and table on connect.
      isMetadataSyncEnabled: false,
    });
    try {
      const result = await client.execute('SELECT release_version FROM system.local');
      return result.first().release_version;
    } finally {
      await client.shutdown();
    }
  },

  // SIGTERM runs Cassandra's shutdown hook, which flushes memtables, so the next start has no
  // commit log to replay.
  stop: { signal: 'SIGTERM', timeoutMs: 30_000 },
};
