// Redis from Debian's packages, persisting to .stores/data/redis.
import { endpoints } from './endpoints.mjs';
import { HOST, aptInstall, apiRequire, dataDir, startDetached } from './lib.mjs';
import { versions } from './versions.mjs';

const { port } = endpoints.redis;
const pin = versions.redis;

export default {
  name: 'redis',
  version: pin.version,
  address: `${HOST}:${port}`,

  async install() {
    aptInstall(pin.aptPackages);
  },

  async start() {
    startDetached('redis', 'redis-server', [
      '--bind',
      HOST,
      '--port',
      String(port),
      '--dir',
      dataDir('redis'),
      '--daemonize',
      'no',
      '--save',
      '60 1000',
      '--appendonly',
      'no',
      '--maxmemory',
      '256mb',
      '--maxmemory-policy',
      'allkeys-lru',
    ]);
  },

  async probe() {
    const Redis = apiRequire('ioredis');
    const client = new Redis({
      host: HOST,
      port,
      lazyConnect: true,
      connectTimeout: 2000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {}); // a refused connection surfaces through connect() below
    try {
      await client.connect();
      return /redis_version:(\S+)/.exec(await client.info('server'))[1];
    } finally {
      client.disconnect();
    }
  },
};
