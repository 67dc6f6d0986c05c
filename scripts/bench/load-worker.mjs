// One load run, in a process of its own so that the load generator never competes with the
// server it measures for an event loop. Reads a plan (JSON on stdin: id lists and upload bodies
// outgrow a command line, and a pipe leaves no file behind), prints the result (JSON) on stdout.
// Latency percentiles come from every response's own time, not from autocannon's per-second
// aggregates, so p95 is measured like p50 and p99.
import { text } from 'node:stream/consumers';
import autocannon from 'autocannon';

const plan = JSON.parse(await text(process.stdin));

/**
 * Yields the requests of the plan in turn: each one a path and, for writes, a body. With an
 * `amount`, autocannon asks for exactly that many, so a plan whose amount is at most its paths
 * sends each of them once at the most.
 */
function requestCycle({ paths, bodies }) {
  let served = 0;
  return {
    setupRequest(request) {
      const index = served++ % paths.length;
      request.path = paths[index];
      if (bodies) request.body = bodies[index % bodies.length];
      return request;
    },
  };
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

function run(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ result, latencies }),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 400) latencies.push(responseTime);
    });
  });
}

const cycle = requestCycle(plan);
const options = {
  url: plan.url,
  method: plan.method ?? 'GET',
  headers: plan.headers ?? {},
  connections: plan.connections,
  ...(plan.amount ? { amount: plan.amount } : { duration: plan.seconds }),
  ...(plan.overallRate ? { overallRate: plan.overallRate } : {}),
  ...(plan.rawBody ? { body: Buffer.from(plan.rawBody, 'base64') } : {}),
  requests: [{ setupRequest: (request) => cycle.setupRequest(request) }],
};

const { result, latencies } = await run(options);
latencies.sort((a, b) => a - b);
const failed = result.non2xx + result.errors + result.timeouts;
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    failed,
    statusCodes: result.statusCodeStats,
    seconds: result.duration,
    rps: latencies.length / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
  }),
);
