import { loadApiConfig, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults every store to the local harness on 127.0.0.1', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      METRICS_PORT: 9464,
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: 5432,
      CASSANDRA_HOST: '127.0.0.1',
      CASSANDRA_PORT: 9042,
      NEO4J_HOST: '127.0.0.1',
      NEO4J_PORT: 7687,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: 6379,
      STORAGE_ENDPOINT: '127.0.0.1',
      STORAGE_PORT: 9000,
      STORAGE_USE_SSL: false,
    });
  });

  it('coerces numbers and booleans from their string form', () => {
    const config = loadConfig({ PORT: '8080', STORAGE_USE_SSL: 'true' });
    expect(config.PORT).toBe(8080);
    expect(config.STORAGE_USE_SSL).toBe(true);
  });

  it('names every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', REDIS_PORT: '70000', STORAGE_BUCKET: 'Not_A_Bucket' })).toThrow(
      /PORT:[\s\S]*REDIS_PORT:[\s\S]*STORAGE_BUCKET:/,
    );
  });
  it('refuses to start the API in production without API keys, and says why', () => {
    expect(() => loadApiConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS: required in production/);
    const keyed = loadApiConfig({ NODE_ENV: 'production', API_KEYS: 'k'.repeat(32) });
    expect(keyed.API_KEYS).toEqual(['k'.repeat(32)]);
    expect(loadApiConfig({ NODE_ENV: 'test' }).API_KEYS).toEqual([]);
    // The seeder loads the same variables but serves no routes: it needs no key.
    expect(loadConfig({ NODE_ENV: 'production' }).API_KEYS).toEqual([]);
  });

  it('reads comma-separated keys and origins, and refuses short keys and origins with a path', () => {
    const config = loadConfig({
      API_KEYS: ` ${'a'.repeat(16)}, ${'b'.repeat(20)},`,
      CORS_ORIGINS: 'https://app.example.com,http://localhost:5173',
    });
    expect(config.API_KEYS).toEqual(['a'.repeat(16), 'b'.repeat(20)]);
    expect(config.CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(() => loadConfig({ API_KEYS: 'short', CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(
      /API_KEYS\.0: every API key needs at least 16 characters[\s\S]*CORS_ORIGINS\.0: an origin/,
    );
  });

  it('trusts no proxy unless told, then the addresses, CIDRs and named ranges it lists', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, fd00::/8, uniquelocal' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'fd00::/8',
      'uniquelocal',
    ]);
  });

  it('refuses a hop count and anything else that is not an address, naming the entry', () => {
    for (const entry of ['1', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/1', 'ingress', '10.0.0.256']) {
      expect(() => loadConfig({ TRUST_PROXY: `127.0.0.1,${entry}` })).toThrow(
        /TRUST_PROXY\.1: an address, a CIDR .* a hop count is not accepted/,
      );
    }
  });
});
