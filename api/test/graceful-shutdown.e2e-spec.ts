import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { v4 as uuidv4 } from 'uuid';
import { type BuiltApi, startBuiltApi } from './support/built-api';

describe('graceful shutdown of the built API', () => {
  let api: BuiltApi;
  let baseUrl: string;

  beforeAll(async () => {
    // No rate limit: the load is one client's, far above what a client may send.
    api = await startBuiltApi({ SHUTDOWN_GRACE_MS: '1500', RATE_LIMIT_MAX: '0' });
    baseUrl = api.baseUrl;
  });

  afterAll(() => {
    if (api?.process.exitCode === null) api.process.kill('SIGKILL');
  });

  it('loses no request when SIGTERM arrives under steady load', async () => {
    // Like a Service in front of the pod: traffic stops once readiness says so.
    let routed = true;
    let succeeded = 0;
    const failures: string[] = [];
    // Reads that need PostgreSQL (a page of users) and Cassandra (an unknown conversation, a new
    // one each time so that no cache answers it): closing a store before the requests in flight
    // have finished fails them.
    const paths = [() => '/users?limit=5', () => `/messages/${uuidv4()}?limit=5`];
    const client = async (_: unknown, index: number) => {
      const path = paths[index % paths.length];
      while (routed) {
        try {
          const response = await fetch(`${baseUrl}${path()}`);
          await response.arrayBuffer();
          if (response.ok) succeeded++;
          else failures.push(`HTTP ${response.status}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const watchReadiness = async () => {
      while (routed) {
        const status = await fetch(`${baseUrl}/health/ready`).then(
          (response) => response.status,
          () => 0,
        );
        if (status !== 200) routed = false;
        else await sleep(50);
      }
    };

    const clients = Array.from({ length: 8 }, client);
    const watcher = watchReadiness();
    await sleep(1000);
    const servedBeforeSignal = succeeded;
    const exited = once(api.process, 'exit');
    api.process.kill('SIGTERM');

    await Promise.all([...clients, watcher]);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];

    expect(servedBeforeSignal).toBeGreaterThan(0);
    expect(succeeded).toBeGreaterThan(servedBeforeSignal);
    expect(failures).toEqual([]);
    // Once every hook has run and the last log lines are written, a clean exit.
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
