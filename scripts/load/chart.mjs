// npm run load:chart [-- <profile>]: the latency-and-throughput chart of the last k6 run of a
// profile (default `load`), from the samples scripts/load/run.sh wrote to
// load-results/<profile>.csv, as load-results/<profile>.png; prints the numbers it drew.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { writeVegaLitePng } from '../lib/vega-png.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const profile = process.argv[2] ?? 'load';
const results = process.env.LOAD_RESULTS ?? path.join(ROOT, 'load-results');
const csvPath = path.join(results, `${profile}.csv`);
const pngPath = path.join(results, `${profile}.png`);
const BIN_S = 10;

/** Per BIN_S-second bin of the run: requests, failed requests and request durations (ms). */
async function readBins(file) {
  const bins = new Map();
  const lines = readline.createInterface({ input: fs.createReadStream(file) });
  let column;
  for await (const line of lines) {
    const fields = line.split(',');
    if (!column) {
      column = Object.fromEntries(fields.map((name, index) => [name, index]));
      continue;
    }
    const metric = fields[column.metric_name];
    if (metric !== 'http_reqs' && metric !== 'http_req_duration' && metric !== 'http_req_failed') continue;
    // setup() pages through the seeded data; that is not the profile's traffic.
    if (fields[column.group] === '::setup') continue;
    const bin = Math.floor(Number(fields[column.timestamp]) / BIN_S) * BIN_S;
    if (!bins.has(bin)) bins.set(bin, { requests: 0, failed: 0, durations: [] });
    const value = Number(fields[column.metric_value]);
    const entry = bins.get(bin);
    if (metric === 'http_reqs') entry.requests += value;
    else if (metric === 'http_req_failed') entry.failed += value;
    else entry.durations.push(value);
  }
  return [...bins.entries()].sort(([a], [b]) => a - b);
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const QUANTILES = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

const bins = await readBins(csvPath);
if (bins.length === 0) throw new Error(`${csvPath} holds no HTTP samples`);
const start = bins[0][0];
const rows = bins.flatMap(([bin, { requests, durations }]) => {
  const sorted = durations.sort((a, b) => a - b);
  const t = bin - start;
  return [
    { t, series: 'requests/s', value: requests / BIN_S, panel: 'throughput' },
    ...QUANTILES.map(([name, q]) => ({ t, series: name, value: quantile(sorted, q), panel: 'latency' })),
  ];
});
const all = bins.flatMap(([, { durations }]) => durations).sort((a, b) => a - b);
const requests = bins.reduce((sum, [, entry]) => sum + entry.requests, 0);
const failed = bins.reduce((sum, [, entry]) => sum + entry.failed, 0);
const seconds = bins.length * BIN_S;
const peak = Math.max(...bins.map(([, entry]) => entry.requests / BIN_S));
const summary = {
  profile,
  durationS: seconds,
  requests,
  failed,
  meanRps: +(requests / seconds).toFixed(1),
  peakRps: +peak.toFixed(1),
  ...Object.fromEntries(QUANTILES.map(([name, q]) => [`${name}Ms`, +quantile(all, q).toFixed(1)])),
};

const layer = (panel, title, y) => ({
  title,
  width: 760,
  height: 200,
  data: { values: rows.filter((row) => row.panel === panel) },
  mark: { type: 'line', point: false },
  encoding: {
    x: { field: 't', type: 'quantitative', title: `seconds since start (${BIN_S} s bins)` },
    y: { field: 'value', type: 'quantitative', ...y },
    color: { field: 'series', type: 'nominal', title: null },
  },
});
await writeVegaLitePng(
  {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `k6 ${profile} against the Summer-Trip API`,
      subtitle: `${requests} requests in ${seconds} s, ${failed} failed; p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms`,
    },
    // Each panel keeps its own legend: requests/s beside throughput, quantiles beside latency.
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      layer('throughput', 'Throughput', { title: 'requests per second' }),
      layer('latency', 'Latency', { title: 'milliseconds', scale: { type: 'log' } }),
    ],
  },
  pngPath,
);
console.log(JSON.stringify(summary));
console.log(`wrote ${path.relative(process.cwd(), pngPath)}`);
