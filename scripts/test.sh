#!/usr/bin/env bash
# npm test: everything CI proves, on a fresh machine: Node 24, dependencies, the five real
# stores, lint, type-check, the chart checks, unit and integration tests (store faults among
# them), k6 smoke with Prometheus and the dashboards' queries, the OpenAPI fuzz, the secret
# scan, npm audit and the images. Stops the stores it started on exit (KEEP_STORES=1 leaves
# them running for the next quick loop); stores already up when it began stay up.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh

# Stores already running (npm run local, an earlier KEEP_STORES=1) are someone's: they stay up.
stores_up_before=" $(node scripts/stores/cli.mjs status 2>/dev/null | awk 'NR > 2 && $NF == "up" { printf "%s ", $1 }')"
results="$(mktemp -d)"
stores_log="$results/stores.log"
current_section=""
cleanup() {
  local status=$?
  # The last line of a failed run names the step, however long the output above it.
  [ "$status" -eq 0 ] || printf '\nnpm test failed (exit %s) in "%s" after %s s\n' "$status" "$current_section" "$SECONDS" >&2
  if [ "${KEEP_STORES:-0}" != 1 ]; then
    # A run that fails early must not leave the background start going on to start the stores.
    [ -z "${stores_pid:-}" ] || { kill "$stores_pid" 2>/dev/null; wait "$stores_pid" 2>/dev/null; } || true
    if [ -z "${stores_up_before// /}" ]; then
      node scripts/stores/cli.mjs down >/dev/null 2>&1 || true
    else
      local started
      started="$(node scripts/stores/cli.mjs status 2>/dev/null |
        awk -v kept="$stores_up_before" 'NR > 2 && index(kept, " " $1 " ") == 0 { print $1 }')"
      # shellcheck disable=SC2086 # one word per store
      [ -z "$started" ] || node scripts/stores/cli.mjs down $started >/dev/null 2>&1 || true
    fi
  fi
  rm -rf "$results"
}
trap cleanup EXIT

section() {
  current_section="$*"
  printf '\n==> %s\n' "$*"
}

section "starting the five stores in the background (log: $stores_log)"
node scripts/stores/cli.mjs up >"$stores_log" 2>&1 &
stores_pid=$!

section "lint"
npm run lint --silent
section "type-check"
npm run typecheck --silent
section "charts, manifests, kind and skaffold configs (offline)"
npm run test:charts --silent
section "restricted Pod Security of every pod the chart renders"
npm run test:pss --silent
section "alerting rules (promtool check and test)"
npm run test:alerts --silent
section "build"
npm run build --silent
for workspace in api seed-job; do
  section "unit tests: $workspace"
  npm run test:unit --workspace "$workspace" --silent -- --json --outputFile="$results/$workspace-unit.json"
done

section "waiting for the stores"
started=$SECONDS
if ! wait "$stores_pid"; then
  cat "$stores_log"
  echo "the stores did not come up" >&2
  exit 1
fi
cat "$stores_log"
echo "(stores ready after a further $((SECONDS - started)) s)"

for workspace in api seed-job; do
  section "integration tests against the real stores: $workspace"
  npm run test:integration --workspace "$workspace" --silent -- --verbose --json \
    --outputFile="$results/$workspace-integration.json"
done

section "k6 smoke against the API, Prometheus scraping it and receiving k6, every dashboard query"
npm run test:load --silent
section "schemathesis over every operation of the OpenAPI document"
npm run test:fuzz --silent
section "no credential in the tree or the history (gitleaks)"
npm run test:secrets --silent
section "npm audit of the production dependencies"
npm run test:audit --silent
section "container images: built on a local base, run read-only against the stores"
npm run test:images --silent

node -e '
  const files = process.argv.slice(1).map((file) => require(file));
  const sum = (key) => files.reduce((total, result) => total + result[key], 0);
  console.log(`\n${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$results"/*.json
