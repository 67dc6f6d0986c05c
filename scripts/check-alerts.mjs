// npm run test:alerts: validates the API's Prometheus alerting rules with promtool (syntax,
// PromQL, templates) and runs their unit tests, so a broken rule fails CI instead of staying
// silent in production.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, aptInstall, commandExists } from './stores/lib.mjs';

const rules = path.join(ROOT, 'api/alerts/summer-trip-api.rules.yaml');
const tests = path.join(ROOT, 'api/alerts/summer-trip-api.rules.test.yaml');

// promtool ships in Debian 12's `prometheus` package (2.42, fixed by the stable release);
// aptInstall keeps the package from starting its own Prometheus server.
if (!commandExists('promtool')) aptInstall(['prometheus']);

function promtool(...args) {
  console.log(`$ promtool ${args.map((arg) => path.relative(ROOT, arg) || arg).join(' ')}`);
  const result = spawnSync('promtool', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

promtool('--version');
promtool('check', 'rules', rules);
promtool('test', 'rules', tests);
