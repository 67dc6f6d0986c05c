// Shared by the scripts that start a server and talk to it (scripts/load, scripts/bench).
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until it answers 2xx. Fails early when `child` exits, and late after
 * `timeoutMs`, with `output()` (what the process printed) appended when given.
 */
export async function waitForHttp(url, { child, timeoutMs = 60_000, what, output = () => '' }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode}\n${output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s\n${output()}`);
}
