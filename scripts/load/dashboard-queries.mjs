// Reads the Grafana dashboards of dashboards/ the way Grafana would run them: their template
// variables and every PromQL expression of every panel, with the variables filled in.
import fs from 'node:fs';
import path from 'node:path';

/** Every dashboard JSON file of a directory, parsed. */
export function readDashboards(dir) {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** Panels at any depth: rows may hold their panels when collapsed. */
function panelsOf(container) {
  return (container.panels ?? []).flatMap((panel) => [panel, ...panelsOf(panel)]);
}

/** Every PromQL target: { dashboard uid, panel title, refId, expr }. */
export function targetsOf(dashboard) {
  return panelsOf(dashboard).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((target) => target.expr)
      .map((target) => ({ uid: dashboard.uid, panel: panel.title, refId: target.refId, expr: target.expr })),
  );
}

/** The query variables, in the order Grafana resolves them (later ones may use earlier ones). */
export function queryVariablesOf(dashboard) {
  return (dashboard.templating?.list ?? []).filter((variable) => variable.type === 'query');
}

/** `label_values(selector, label)`, the only variable query the dashboards use. */
export function parseLabelValues(query) {
  const text = typeof query === 'string' ? query : query.query;
  const match = /^label_values\((.+),\s*(\w+)\)$/s.exec(text.trim());
  if (!match) throw new Error(`unsupported variable query: ${text}`);
  return { selector: match[1], label: match[2] };
}

/**
 * Replaces $name, ${name} and [[name]] by their values, longest names first so that
 * $__rate_interval is not read as $__rate followed by text.
 */
export function substitute(expr, values) {
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  let result = expr;
  for (const name of names) {
    const pattern = new RegExp(`\\$\\{${name}\\}|\\[\\[${name}\\]\\]|\\$${name}(?![A-Za-z0-9_])`, 'g');
    result = result.replace(pattern, () => values[name]);
  }
  const left = /\$\{?\w+|\[\[\w+\]\]/.exec(result);
  if (left) throw new Error(`no value for ${left[0]} in: ${expr}`);
  return result;
}
