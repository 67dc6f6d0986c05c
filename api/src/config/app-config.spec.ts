import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults every store to the local harness on 127.0.0.1', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      METRICS_PORT: 9464,
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: 5432,
      CASSANDRA_PORT: 9042,
      NEO4J_PORT: 7687,
      REDIS_PORT: 6379,
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
});
