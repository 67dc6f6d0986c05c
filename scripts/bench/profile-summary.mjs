// node scripts/bench/profile-summary.mjs <file.cpuprofile> [top]: where a CPU profile spent its
// time, by function (self time) and by package, so a profile taken under load reads at a glance.
import { readFile } from 'node:fs/promises';

const [path, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(await readFile(path, 'utf8'));

// Each sample names the node (function) that was on top of the stack; intervals are in µs.
const selfMicros = new Map();
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
profile.samples.forEach((id, index) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index + 1] ?? 0));
});
const total = [...selfMicros.values()].reduce((sum, micros) => sum + micros, 0);

function packageOf(url) {
  if (!url) return '(native / V8)';
  if (!url.includes('node_modules/'))
    return url.startsWith('node:') ? 'node core' : url.includes('/dist/') ? 'api (own code)' : url;
  const rest = url.split('node_modules/').pop().split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function add(map, key, micros) {
  map.set(key, (map.get(key) ?? 0) + micros);
}

const byFunction = new Map();
const byPackage = new Map();
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const file = url ? url.split('/').slice(-2).join('/') : '';
  add(byFunction, `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`, micros);
  add(byPackage, packageOf(url), micros);
}

function print(title, map, count) {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(
      `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`,
    );
  }
}

console.log(`${path}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by package', byPackage, 15);
print('self time by function', byFunction, Number(top));
