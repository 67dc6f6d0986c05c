import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './support/free-port';
import { eventually } from './support/harness';

const main = path.resolve(__dirname, '../dist/main.js');

describe('graceful shutdown of the built API', () => {
  let api: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        SHUTDOWN_GRACE_MS: '1500',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await eventually(async () => expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200), 60_000);
  });

  afterAll(() => {
    if (api.exitCode === null) api.kill('SIGKILL');
  });

  it('loses no request when SIGTERM arrives under steady load', async () => {
    // Like a Service in front of the pod: traffic stops once readiness says so.
    let routed = true;
    let succeeded = 0;
    const failures: string[] = [];
    const client = async () => {
      while (routed) {
        try {
          const response = await fetch(`${baseUrl}/docs-json`);
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
    const exited = once(api, 'exit');
    api.kill('SIGTERM');

    await Promise.all([...clients, watcher]);
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];

    expect(servedBeforeSignal).toBeGreaterThan(0);
    expect(succeeded).toBeGreaterThan(servedBeforeSignal);
    expect(failures).toEqual([]);
    // Once every hook has run and the last log lines are written, a clean exit.
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
