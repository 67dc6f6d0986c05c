// npm run test:load: k6 `smoke` against the built API on the real stores must pass its
// thresholds, and every PromQL expression of every dashboard must return data from a
// Prometheus that scraped that API and received k6's remote write. Expressions that only a
// Kubernetes cluster can feed are listed below and checked for syntax with promtool instead.
// Everything it starts is stopped at the end, also when it fails. DURATION (default 1m)
// shortens the smoke for a quicker loop.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, aptInstall, commandExists } from '../stores/lib.mjs';
import {
  parseLabelValues,
  queryVariablesOf,
  readDashboards,
  substitute,
  targetsOf,
} from './dashboard-queries.mjs';
import { freePort, startApi as startBuiltApi, waitForHttp } from '../lib/http-process.mjs';
import { runForeground, startBackground, stopAll } from './processes.mjs';

/** Fed by kube-state-metrics (HPA) and cAdvisor (containers): no data outside a cluster. */
const KUBERNETES_ONLY = new Set([
  'summer-trip-api-overview / Pods and HPA replicas / B',
  'summer-trip-api-overview / Pods and HPA replicas / C',
  'summer-trip-api-overview / Pods and HPA replicas / D',
  'summer-trip-api-overview / CPU per pod / A',
  'summer-trip-api-overview / Memory per pod / A',
  'summer-trip-load-test / Pods and HPA replicas / B',
  'summer-trip-load-test / Pods and HPA replicas / C',
]);
// The labels the chart's ServiceMonitor gives the API's series in the cluster, so the
// dashboards' namespace and job variables resolve here as they do there.
const NAMESPACE = 'summer-trip';
const JOB = 'summer-trip-api';
// Grafana makes $__rate_interval at least four scrape intervals; k6 pushes its remote write
// every 5 s, so 20 s always holds several of its samples.
const BUILTINS = { __rate_interval: '20s', __interval: '2s' };

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'summer-trip-load-test-'));
let failures = 0;
const report = (ok, line) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (!ok) failures += 1;
};

function mustRun(what, command, args) {
  console.log(`[test:load] ${what}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})`);
}

async function startApi() {
  mustRun('building the API', 'npm', ['run', 'build', '--workspace', 'api', '--silent']);
  const logPath = path.join(work, 'api.log');
  const log = fs.openSync(logPath, 'a');
  // The rate limiter stays on, as deployed, with a limit k6 (one client) never reaches.
  const api = await startBuiltApi({
    env: { RATE_LIMIT_MAX: '1000000' },
    stdio: ['ignore', log, log],
  }).finally(() => fs.closeSync(log));
  console.log(`[test:load] API on ${api.url}, metrics on 127.0.0.1:${api.metricsPort} (log ${logPath})`);
  return api;
}

async function seedUnlessSeeded(baseUrl) {
  const count = async (list) => (await (await fetch(`${baseUrl}${list}?limit=2`)).json()).items.length;
  if ((await count('/users')) >= 2 && (await count('/groups')) >= 1) return;
  mustRun('seeding the small data set', 'bash', ['scripts/seed.sh', '--preset', 'small']);
}

async function startPrometheus(metricsPort) {
  // promtool and prometheus ship in Debian 12's `prometheus` package (2.42, fixed by the stable
  // release); aptInstall keeps the package from starting its own server.
  if (!commandExists('prometheus') || !commandExists('promtool')) aptInstall(['prometheus']);
  const port = await freePort();
  const config = path.join(work, 'prometheus.yml');
  fs.writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      `  - job_name: ${JOB}`,
      '    static_configs:',
      `      - targets: ['127.0.0.1:${metricsPort}']`,
      `        labels: { namespace: ${NAMESPACE}, pod: ${JOB}-local-0 }`,
      '',
    ].join('\n'),
  );
  const child = startBackground(
    'Prometheus',
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(work, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
    ],
    { logPath: path.join(work, 'prometheus.log') },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/-/ready`, { child, what: 'Prometheus' });
  console.log(`[test:load] Prometheus on ${url} (log ${work}/prometheus.log)`);
  return url;
}

async function promApi(prometheus, endpoint, params) {
  const response = await fetch(`${prometheus}/api/v1/${endpoint}?${new URLSearchParams(params)}`);
  const body = await response.json();
  if (body.status !== 'success') throw new Error(`${body.errorType}: ${body.error}`);
  return body.data;
}

/** Resolves each query variable as Grafana would: all values, or the first one. */
async function variableValues(prometheus, dashboard, range) {
  const values = { ...BUILTINS };
  for (const variable of queryVariablesOf(dashboard)) {
    const { selector, label } = parseLabelValues(variable.query);
    const series = await promApi(prometheus, 'series', { 'match[]': substitute(selector, values), ...range });
    const found = [...new Set(series.map((labels) => labels[label]).filter(Boolean))].sort();
    report(
      found.length > 0,
      `${dashboard.uid} variable $${variable.name}: ${found.join(', ') || 'no values'}`,
    );
    values[variable.name] = variable.includeAll ? variable.allValue : (found[0] ?? 'none');
  }
  return values;
}

const hasNumbers = (result) =>
  result.some(({ values }) => values.some(([, value]) => Number.isFinite(Number(value))));

async function checkDashboards(prometheus, range) {
  const expressions = [];
  for (const dashboard of readDashboards(path.join(ROOT, 'dashboards'))) {
    const values = await variableValues(prometheus, dashboard, range);
    for (const target of targetsOf(dashboard)) {
      const name = `${target.uid} / ${target.panel} / ${target.refId}`;
      const expr = substitute(target.expr, values);
      expressions.push({ name, expr });
      if (KUBERNETES_ONLY.has(name)) continue;
      try {
        const data = await promApi(prometheus, 'query_range', { query: expr, ...range, step: '2s' });
        report(hasNumbers(data.result), `${name}: ${data.result.length} series`);
      } catch (error) {
        report(false, `${name}: ${error.message}\n     ${expr}`);
      }
    }
  }
  const names = new Set(expressions.map(({ name }) => name));
  for (const name of KUBERNETES_ONLY)
    report(names.has(name), `${name}: listed as Kubernetes-only, and exists`);
  checkSyntax(expressions);
  return expressions.length;
}

/** Every expression, as recording rules, through promtool: the Kubernetes-only ones get no other check. */
function checkSyntax(expressions) {
  const rules = path.join(work, 'dashboard-expressions.rules.yaml');
  const lines = ['groups:', '  - name: dashboards', '    rules:'];
  expressions.forEach(({ expr }, index) =>
    lines.push(`      - record: dashboard:expression:${index}`, `        expr: ${JSON.stringify(expr)}`),
  );
  fs.writeFileSync(rules, `${lines.join('\n')}\n`);
  const result = spawnSync('promtool', ['check', 'rules', rules], { encoding: 'utf8' });
  report(result.status === 0, `promtool check rules: all ${expressions.length} dashboard expressions parse`);
  if (result.status !== 0) console.log(result.stdout + result.stderr);
  for (const { name } of expressions.filter(({ name }) => KUBERNETES_ONLY.has(name))) {
    report(result.status === 0, `${name}: Kubernetes only, syntax checked by promtool`);
  }
}

async function main() {
  mustRun('starting the stores (idempotent)', 'bash', ['scripts/stores.sh', 'up']);
  const { url: baseUrl, metricsPort } = await startApi();
  await seedUnlessSeeded(baseUrl);
  const prometheus = await startPrometheus(metricsPort);

  const start = Date.now() / 1000;
  const results = path.join(work, 'results');
  console.log('[test:load] k6 smoke, remote-writing to Prometheus');
  const k6 = await runForeground('bash', ['scripts/load/run.sh', 'smoke'], {
    cwd: ROOT,
    env: {
      BASE_URL: baseUrl,
      K6_PROMETHEUS_RW_SERVER_URL: `${prometheus}/api/v1/write`,
      LOAD_RESULTS: results,
      TESTID: 'test-load-smoke',
      DURATION: process.env.DURATION ?? '1m',
    },
  });
  report(k6 === 0, `k6 smoke passed its thresholds (exit ${k6})`);
  const html = path.join(results, 'smoke.html');
  report(fs.existsSync(html) && fs.statSync(html).size > 0, 'k6 wrote its HTML report');
  // Two more scrapes, so the API's counters show the last requests too.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const checked = await checkDashboards(prometheus, { start, end: Date.now() / 1000 });
  console.log(`test:load: ${checked} dashboard expressions, ${KUBERNETES_ONLY.size} of them Kubernetes-only`);
}

let exitCode = 0;
const stopOnSignal = () => {
  exitCode = 130;
  stopAll().finally(() => process.exit(exitCode));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);
try {
  await main();
} catch (error) {
  report(false, error.message);
} finally {
  await stopAll();
}
if (failures === 0) {
  fs.rmSync(work, { recursive: true, force: true });
  console.log('test:load: all checks passed');
} else {
  console.log(`test:load: ${failures} check(s) failed; logs kept in ${work}`);
  exitCode = 1;
}
process.exit(exitCode);
