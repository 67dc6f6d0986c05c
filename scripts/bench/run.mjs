// npm run bench: measures the API against the bare Fastify limit on the local stores, each case
// after a warm-up, with the load generator in a process of its own. See README "Benchmark".
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { benchCases } from './cases.mjs';
import {
  chartRuntime,
  cpuMs,
  peakRssMb,
  resetPeakRss,
  runLoad,
  startApi,
  startBareServer,
} from './processes.mjs';
import { summarise, table, writeResults } from './report.mjs';
import { ensureSeeded, seededIds } from './seeded-data.mjs';
import { stopAll } from '../lib/http-process.mjs';

const RESULTS_DIR = 'bench-results';
const runtime = await chartRuntime();
/** A whole-number setting: a typo stops the run before anything starts, naming the variable. */
function wholeNumber(name, fallback, min) {
  const value = process.env[name] ?? String(fallback);
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new Error(`${name} must be a whole number of at least ${min}, not "${value}"`);
  return Number(value);
}

/** A regular expression setting, compiled: an invalid one stops the run before anything starts. */
function regExp(name, value) {
  try {
    return value ? new RegExp(value) : undefined;
  } catch (error) {
    throw new Error(`${name}: ${error.message}`, { cause: error });
  }
}

const settings = {
  seconds: wholeNumber('BENCH_SECONDS', 10, 1),
  warmupSeconds: wholeNumber('BENCH_WARMUP_SECONDS', 3, 0),
  connections: wholeNumber('BENCH_CONNECTIONS', 10, 1),
  repeats: wholeNumber('BENCH_REPEATS', 1, 1),
  // Its own seed keeps the measured dataset apart from whatever else the stores hold.
  seed: wholeNumber('BENCH_SEED', 4242, 0),
  // A regular expression: only the cases whose names match run (the bare server always does).
  only: process.env.BENCH_ONLY,
  // Node flags of the API (space-separated): the chart's, unless given.
  apiNodeFlags: (process.env.BENCH_API_NODE_FLAGS ?? runtime.nodeOptions).split(' ').filter(Boolean),
  // Where the API writes a CPU profile (node --cpu-prof) when it stops; see profile-summary.mjs.
  cpuProfileDir: process.env.BENCH_CPU_PROF_DIR,
};
const onlyCases = regExp('BENCH_ONLY', settings.only);
const apiKey = process.env.BENCH_API_KEY ?? randomBytes(24).toString('hex');

// As the chart deploys it (configmap.yaml, its allocator settings): production mode and one
// info line per request.
// The rate limit is the production mechanism at a bound no benchmark reaches, so its cost
// (counting, and a sync with Redis every 100 ms) is measured while it never answers 429.
const apiEnv = {
  ...runtime.env,
  NODE_ENV: 'production',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  API_KEYS: apiKey,
  RATE_LIMIT_MAX: '1000000',
  RATE_LIMIT_WINDOW_SECONDS: '1',
};

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
const log = (message) => console.log(`[bench ${elapsed()}] ${message}`);

function sh(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

const ms = (value) => `${value.toFixed(1)} ms`;

function describe(result) {
  return `${result.rps.toFixed(0)} req/s, p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}, CPU ${result.cpuMsPerRequest.toFixed(2)} ms/request`;
}

/** A pass of one case: warm-up, peak or a fixed rate; fails on any error response. */
async function pass(benchCase, passName, { url, pid, seconds, rate, warmupRps }) {
  await benchCase.before?.(passName);
  const plan = {
    url: benchCase.url ?? url,
    connections: settings.connections,
    seconds,
    ...(rate ? { overallRate: rate } : {}),
    ...benchCase.plan(passName, { seconds, rate, warmupRps }),
  };
  const cpuBefore = await cpuMs(pid);
  const result = await runLoad(plan);
  result.cpuMsPerRequest = ((await cpuMs(pid)) - cpuBefore) / Math.max(1, result.requests);
  await benchCase.after?.(passName, result);
  if (result.failed > 0 || result.requests === 0) {
    throw new Error(
      `${benchCase.name} (${passName}): ${result.failed} failed, status codes ${JSON.stringify(result.statusCodes)}`,
    );
  }
  return result;
}

async function measure(cases, api, bare) {
  const measured = [];
  for (const [index, benchCase] of cases.entries()) {
    const step = `${index + 1}/${cases.length} ${benchCase.name}`;
    const passes = benchCase.read ? 'warm-up, peak, ½ peak' : 'warm-up, peak';
    log(
      `${step}: ${passes} (${settings.warmupSeconds} + ${settings.seconds}${benchCase.read ? ` + ${settings.seconds}` : ''} s)`,
    );
    const target = benchCase.url ? bare : api;
    const options = { url: target.url, pid: target.child.pid };
    // Each case's own peak: large uploads raise it in ways the reads before them do not.
    await resetPeakRss(target.child.pid);
    if (settings.warmupSeconds > 0) {
      const warmup = await pass(benchCase, 'warmup', { ...options, seconds: settings.warmupSeconds });
      options.warmupRps = warmup.rps;
    }
    const peak = await pass(benchCase, 'peak', { ...options, seconds: settings.seconds });
    const entry = {
      name: benchCase.name,
      rps: peak.rps,
      p50Ms: peak.p50Ms,
      p95Ms: peak.p95Ms,
      p99Ms: peak.p99Ms,
      cpuMsPerRequest: peak.cpuMsPerRequest,
    };
    let note = describe(peak);
    if (benchCase.read) {
      const rate = Math.max(1, Math.floor(peak.rps / 2));
      const half = await pass(benchCase, 'half', { ...options, seconds: settings.seconds, rate });
      entry.p99AtHalfPeakMs = half.p99Ms;
      note += `; at ${rate} req/s p99 ${ms(half.p99Ms)}`;
    }
    entry.peakRssMb = await peakRssMb(target.child.pid);
    log(`${step}: ${note}, peak RSS ${entry.peakRssMb} MB`);
    measured.push(entry);
  }
  const bareRps = measured[0].rps;
  return measured.map((entry) => ({ ...entry, ratioToBare: entry.rps / bareRps }));
}

// What a run leaves behind, undone once, whether it ends, fails or is interrupted: first the
// cases' own data, which `close` deletes through the API, then every process it started.
let closeCases = async () => false;
let cleaning;
function cleanUp() {
  cleaning ??= (async () => {
    const deleted = await closeCases().catch((error) => {
      console.error(`[bench] cleanup failed: ${error.message}`);
      return false;
    });
    const stopped = await stopAll();
    return [
      ...(deleted ? ["deleted the run's uploader (its files go with it)"] : []),
      ...(stopped.length > 0 ? [`stopped ${stopped.join(', ')}`] : []),
    ];
  })();
  return cleaning;
}

// Ctrl-C or SIGTERM: the same cleanup, then the exit code a shell reports for that signal. The
// servers are in process groups of their own (processes.mjs), so a terminal's Ctrl-C, sent to
// this process' whole group, leaves them running for the cleanup to use and then stop.
let interrupted = false;
for (const [signal, exitCode] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, async () => {
    interrupted = true;
    const undone = await cleanUp();
    console.error(`[bench] interrupted by ${signal}: ${undone.join(', ') || 'nothing to clean up'}`);
    process.exit(exitCode);
  });
}

async function main() {
  await mkdir(RESULTS_DIR, { recursive: true });
  log('stores');
  sh('bash', ['scripts/stores.sh', 'up']);
  log('building the API and the seeder');
  sh('npm', ['run', 'build', '--workspace', 'api', '--workspace', 'seed-job', '--silent']);
  await ensureSeeded(settings.seed, RESULTS_DIR);
  const ids = await seededIds(settings.seed);

  log(
    `starting the API (${Object.entries({ NODE_ENV: apiEnv.NODE_ENV, LOG_LEVEL: apiEnv.LOG_LEVEL })
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}) and the bare server`,
  );
  const nodeOptions = [
    ...settings.apiNodeFlags,
    ...(settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : []),
  ];
  const repeats = [];
  let apiPeakRssMb;
  // From the first process on, whatever fails is followed by the cleanup.
  try {
    const api = await startApi({ env: apiEnv, nodeOptions });
    const bare = await startBareServer();
    const { cases: allCases, close } = benchCases({
      apiUrl: api.url,
      metricsUrl: api.metricsUrl,
      bareUrl: bare.url,
      ids,
      apiKey,
    });
    closeCases = close;
    const cases = allCases.filter(
      (benchCase, index) => index === 0 || !onlyCases || onlyCases.test(benchCase.name),
    );
    // From the start (the API's start-up included), since each case starts the count again.
    apiPeakRssMb = await peakRssMb(api.child.pid);
    for (let repeat = 1; repeat <= settings.repeats; repeat++) {
      if (settings.repeats > 1) log(`repeat ${repeat}/${settings.repeats}`);
      repeats.push(await measure(cases, api, bare));
    }
  } finally {
    await cleanUp();
  }
  const apiCases = repeats.flatMap((measured) => measured.slice(1));
  apiPeakRssMb = Math.max(apiPeakRssMb, ...apiCases.map((entry) => entry.peakRssMb));

  const results = {
    startedAt: new Date(startedAt).toISOString(),
    loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
    settings: {
      ...settings,
      api: { NODE_ENV: apiEnv.NODE_ENV, LOG_LEVEL: apiEnv.LOG_LEVEL, ...runtime.env },
    },
    apiPeakRssMb,
    cases: summarise(repeats),
  };
  await writeResults(RESULTS_DIR, results);
  console.log(
    `\n${table(results.cases)}\n\nAPI peak RSS ${apiPeakRssMb} MB; load average ${results.loadAverage.join(' ')}`,
  );
  console.log(`Results: ${RESULTS_DIR}/latest.json, ${RESULTS_DIR}/latest.png (${elapsed()})`);
}

main().catch((error) => {
  // An interruption reports itself; what it broke on its way (the load generator) is no news.
  if (interrupted) return;
  console.error(`[bench] failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
