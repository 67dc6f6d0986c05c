import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { eventually } from './harness';

const main = path.resolve(__dirname, '../../dist/main.js');
const LISTENING = /^listening on (http:\/\/\S+)$/;
const METRICS = /^metrics on (http:\/\/\S+)$/;

export interface LogLine {
  msg: string;
  trace_id?: string;
  route?: string;
  responseTime?: number;
  req?: { id: string; headers?: Record<string, string> };
  res?: { statusCode: number };
}

export interface BuiltApi {
  process: ChildProcess;
  baseUrl: string;
  /** Where its metrics are scraped. */
  metricsUrl: string;
  /** Every line it has logged so far, parsed. */
  logs: LogLine[];
}

/**
 * Starts dist/main.js as deployed, on ports the system picks (a port a test picked could be
 * taken by another socket before the API binds it), and resolves once it is ready.
 */
export async function startBuiltApi(env: Record<string, string> = {}): Promise<BuiltApi> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: LogLine[] = [];
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the built API exited with code ${String(code)} before it was ready`);
  });
  // Raced below until the API is ready; an exit after that is the caller's to expect.
  exited.catch(() => undefined);
  const listening = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const logged = JSON.parse(line) as LogLine;
      logs.push(logged);
      const url = LISTENING.exec(logged.msg)?.[1];
      if (url) resolve(url);
    });
  });
  try {
    const baseUrl = await Promise.race([listening, exited]);
    await Promise.race([
      eventually(async () => expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200), 60_000),
      exited,
    ]);
    // Logged as the metrics server starts, before the API listens.
    const metricsUrl = logs.map((line) => METRICS.exec(line.msg)?.[1]).find(Boolean);
    if (!metricsUrl) throw new Error('the built API logged no metrics address');
    return { process: child, baseUrl, metricsUrl, logs };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
