// The results of a run: a table on the terminal, JSON and a PNG chart in bench-results/.
import { writeFile } from 'node:fs/promises';
import { writeVegaLitePng } from '../lib/vega-png.mjs';

const FIELDS = [
  'rps',
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'ratioToBare',
  'p99AtHalfPeakMs',
  'cpuMsPerRequest',
  'peakRssMb',
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
}

const round = (value, digits) => (value == null ? null : Number(value.toFixed(digits)));
const digitsOf = (field) => ({ rps: 0, ratioToBare: 3, cpuMsPerRequest: 3, peakRssMb: 0 })[field] ?? 2;

/**
 * One entry per case: the median of each field over the repeats, and with more than one repeat
 * its min and max (`range`), which is the noise of the machine.
 */
export function summarise(repeats) {
  return repeats[0].map(({ name }, index) => {
    const runs = repeats.map((repeat) => repeat[index]);
    const entry = { name };
    const range = {};
    for (const field of FIELDS) {
      const values = runs.map((run) => run[field]).filter((value) => value != null);
      if (values.length === 0) continue;
      entry[field] = round(median(values), digitsOf(field));
      range[field] = [
        round(Math.min(...values), digitsOf(field)),
        round(Math.max(...values), digitsOf(field)),
      ];
    }
    return repeats.length > 1 ? { ...entry, range } : entry;
  });
}

function cell(entry, field) {
  const value = entry[field];
  if (value == null) return '';
  const text = field === 'ratioToBare' ? `${Math.round(value * 100)}%` : String(value);
  const range = entry.range?.[field];
  if (!range || range[0] === range[1]) return text;
  return field === 'ratioToBare'
    ? `${text} (${Math.round(range[0] * 100)}–${Math.round(range[1] * 100)}%)`
    : `${text} (${range[0]}–${range[1]})`;
}

export function table(entries) {
  const header = [
    'case',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'of bare',
    'p99 ms at ½ peak',
    'CPU ms/req',
    'peak RSS MB',
  ];
  const rows = entries.map((entry) => [entry.name, ...FIELDS.map((field) => cell(entry, field))]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (row) =>
    row
      .map((text, column) => (column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column])))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function chart(entries, title) {
  const latencies = entries.flatMap(({ name, p50Ms, p95Ms, p99Ms }) =>
    Object.entries({ p50: p50Ms, p95: p95Ms, p99: p99Ms }).map(([percentile, ms]) => ({
      name,
      percentile,
      ms,
    })),
  );
  const order = entries.map((entry) => entry.name);
  const axis = { field: 'name', type: 'nominal', sort: order, title: null, axis: { labelLimit: 400 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    vconcat: [
      {
        title: 'requests per second',
        width: 520,
        data: { values: entries },
        layer: [
          { mark: 'bar', encoding: { y: axis, x: { field: 'rps', type: 'quantitative', title: 'req/s' } } },
          {
            mark: { type: 'text', align: 'left', dx: 4 },
            encoding: {
              y: axis,
              x: { field: 'rps', type: 'quantitative' },
              text: { field: 'ratioToBare', type: 'quantitative', format: '.0%' },
            },
          },
        ],
      },
      {
        title: 'latency at peak (ms)',
        width: 520,
        data: { values: latencies },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y: axis,
          x: { field: 'ms', type: 'quantitative', title: 'ms', scale: { type: 'log' } },
          color: { field: 'percentile', type: 'nominal', title: null },
        },
      },
    ],
  };
}

export async function writeResults(dir, results) {
  await writeFile(`${dir}/latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  const title = `Summer-Trip API benchmark, ${results.startedAt} (load ${results.loadAverage.join(' ')})`;
  await writeVegaLitePng(chart(results.cases, title), `${dir}/latest.png`);
}
