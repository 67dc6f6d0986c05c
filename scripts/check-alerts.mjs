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

// A promtool that was killed or could not start says nothing about the rules, and by itself
// prints nothing either: say why, and give it one more try. A failed check or test (an exit
// status) is never retried.
function promtool(...args) {
  console.log(`$ promtool ${args.map((arg) => path.relative(ROOT, arg) || arg).join(' ')}`);
  for (let attempt = 1; ; attempt += 1) {
    const result = spawnSync('promtool', args, { stdio: 'inherit' });
    if (result.status === 0) return;
    if (result.status !== null) process.exit(result.status);
    const why = result.error ? `could not start (${result.error.message})` : `was killed by ${result.signal}`;
    console.log(`promtool ${why}${attempt === 1 ? '; running it again' : ''}`);
    if (attempt === 2) process.exit(1);
  }
}

promtool('--version');
promtool('check', 'rules', rules);
promtool('test', 'rules', tests);
