import { useApp } from './support/app';
import { type Store, eventually, stores } from './support/harness';

interface ReadinessBody {
  status: 'ok' | 'error';
  info: Record<string, { status: 'up' | 'down' }>;
  error: Record<string, { status: 'up' | 'down'; message?: string }>;
}

const ALL_STORES: Store[] = ['postgres', 'cassandra', 'neo4j', 'redis', 'minio'];

describe('health against the five real stores', () => {
  const running = useApp();
  const get = async (path: string) => {
    const response = await fetch(`${running.baseUrl}${path}`);
    return { status: response.status, body: (await response.json()) as ReadinessBody };
  };

  it('reports each of the five stores up by name', async () => {
    const { status, body } = await get('/health/ready');
    expect(status).toBe(200);
    expect(Object.keys(body.info).sort()).toEqual([...ALL_STORES].sort());
    for (const store of ALL_STORES) expect(body.info[store].status).toBe('up');
  });

  it.each(ALL_STORES)(
    'answers 503 naming %s within 2 s when it stops, and recovers without a restart',
    async (store) => {
      await stores('down', store);
      try {
        const started = Date.now();
        const { status, body } = await get('/health/ready');
        expect(Date.now() - started).toBeLessThan(2000);
        expect(status).toBe(503);
        expect(body.error[store].status).toBe('down');
        // No other store is named: asked again, since a JVM store the case before restarted may
        // still answer its first probes slowly.
        await eventually(
          async () => expect(Object.keys((await get('/health/ready')).body.error)).toEqual([store]),
          10_000,
        );
        // Liveness is about the process alone: a store outage must not get pods restarted.
        expect((await get('/health/live')).status).toBe(200);
      } finally {
        await stores('up', store);
      }
      await eventually(async () => expect((await get('/health/ready')).status).toBe(200), 60_000);
    },
    300_000,
  );
});
