#!/usr/bin/env bash
# `npm run test:fuzz`: property-based fuzzing of every operation in the API's own OpenAPI
# document with schemathesis (tools.sh), against the built API on free ports and the local
# stores. Positive and negative cases (`--mode all`: invalid types, missing and unknown fields,
# wrong content types) at a fixed seed and a bounded number of examples per operation, checked
# for: no 5xx, documented status codes, content types and response schemas, and every 4xx as
# RFC 9457 problem+json (fuzz_checks.py). Path parameters take the ids of a few real records
# half of the time (fuzz-fixtures.mjs). Prints the cases run and the 5xx found; exits non-zero
# on any failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=../lib/node24.sh
source scripts/lib/node24.sh
# shellcheck source=../lib/deps.sh
source scripts/lib/deps.sh
# shellcheck source=tools.sh
source scripts/security/tools.sh
schemathesis_ensure || { echo "FAIL installing schemathesis" >&2; exit 1; }

# Overridable for a longer local hunt (FUZZ_MAX_EXAMPLES=200 FUZZ_SEED=$RANDOM npm run test:fuzz).
max_examples="${FUZZ_MAX_EXAMPLES:-50}"
seed="${FUZZ_SEED:-20260610}"

bash scripts/stores.sh up >/dev/null || { echo "FAIL starting the stores" >&2; exit 1; }
npm run build --workspace api --silent || { echo "FAIL building the API" >&2; exit 1; }

work="$(mktemp -d)"
api_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=../lib/free-port.sh
source scripts/lib/free-port.sh
port="$(free_port)"
metrics_port="$(free_port)"
api_key="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
base_url="http://127.0.0.1:$port"

# Writes require the generated key wherever API-key auth is configured; the rate limit is off
# so that the fuzzer's burst of requests is judged on its content, not throttled.
PORT="$port" METRICS_PORT="$metrics_port" LOG_LEVEL=error API_KEYS="$api_key" RATE_LIMIT_MAX=0 \
  node api/dist/main.js >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "$base_url/health/live" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { echo "FAIL the API exited:" >&2; cat "$work/api.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base_url/docs-json" -o "$work/openapi.json" || { echo "FAIL the API did not serve /docs-json" >&2; exit 1; }
echo "fuzzing $(node -e 'const d=require(process.argv[1]);console.log(Object.values(d.paths).reduce((n,p)=>n+Object.keys(p).length,0))' "$work/openapi.json") operations of $base_url/docs-json (seed $seed, at most $max_examples examples per operation and phase)"

node scripts/security/fuzz-fixtures.mjs "$base_url" "$api_key" >"$work/schemathesis.toml" ||
  { echo "FAIL creating the records the fuzzer starts from" >&2; exit 1; }

# One worker: with two, hypothesis' lambda-description cache raced in the coverage phase
# ("AST constructor recursion depth mismatch"), and the machine has two cores for the API and
# the stores as well.
# Run from the temporary directory: schemathesis keeps a cache (.schemathesis/) where it runs.
(cd "$work" && SCHEMATHESIS_HOOKS="$root/scripts/security/fuzz_checks.py" \
  "$SCHEMATHESIS" --config-file "$work/schemathesis.toml" --no-color run "$base_url/docs-json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,client_errors_are_problem_details \
  --mode all --phases examples,coverage,fuzzing \
  --max-examples "$max_examples" --seed "$seed" --generation-database none --workers 1 \
  --header "Authorization: Bearer $api_key" \
  --report ndjson --report-ndjson-path "$work/events.ndjson")
status=$?

grep -q . "$work/api.log" && { echo "--- API log (errors) ---"; tail -n 40 "$work/api.log"; }
"$(dirname "$SCHEMATHESIS")/python" "$root/scripts/security/fuzz_summary.py" "$work/events.ndjson" || status=1
exit "$status"
