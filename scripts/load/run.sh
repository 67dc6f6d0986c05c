#!/usr/bin/env bash
# npm run load:<profile> [-- k6 run flags]: runs a k6 profile of load/ against a running API
# (BASE_URL, default http://127.0.0.1:3000: start it with `npm run api` on seeded stores).
# Writes into LOAD_RESULTS (default load-results/): the k6 HTML report <profile>.html, every
# sample as <profile>.csv (for scripts/load/chart.mjs) and the end-of-test summary. When
# K6_PROMETHEUS_RW_SERVER_URL is set, the metrics also go to that Prometheus remote-write URL,
# tagged testid=<profile>-<time> (the Load test dashboard's filter).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
profile="${1:?usage: run.sh smoke|load|stress|spike|soak [k6 run flags]}"
shift
script="$root/load/$profile.js"
[ -f "$script" ] || { echo "no k6 profile $script" >&2; exit 2; }
# shellcheck source=k6.sh
source "$root/scripts/load/k6.sh"
k6_ensure

export BASE_URL="${BASE_URL:-http://127.0.0.1:3000}"
if ! curl -fsS --max-time 5 -o /dev/null "$BASE_URL/health/ready"; then
  echo "the API at $BASE_URL is not ready: start it (npm run api) or set BASE_URL" >&2
  exit 1
fi

results="${LOAD_RESULTS:-$root/load-results}"
mkdir -p "$results"
# The HTML report is written at the end; port -1 keeps k6 from serving the live dashboard,
# whose fixed port would clash between runs side by side. A 2 s period draws finer graphs and
# still reports a short run (k6 skips the report below two periods); for long runs k6 widens
# the period itself to keep the report near 1 MB.
export K6_WEB_DASHBOARD=true K6_WEB_DASHBOARD_PORT=-1 K6_WEB_DASHBOARD_PERIOD=2s
export K6_WEB_DASHBOARD_EXPORT="$results/$profile.html"
outputs=(--out "csv=$results/$profile.csv" --summary-export "$results/$profile-summary.json")
if [ -n "${K6_PROMETHEUS_RW_SERVER_URL:-}" ]; then
  export K6_PROMETHEUS_RW_TREND_STATS="${K6_PROMETHEUS_RW_TREND_STATS:-p(50),p(95),p(99)}"
  outputs+=(--out experimental-prometheus-rw --tag "testid=${TESTID:-$profile-$(date -u +%Y%m%dT%H%M%SZ)}")
fi
echo "[load] k6 $profile against $BASE_URL; results in $results" >&2
exec "$K6_BIN" run "${outputs[@]}" "$@" "$script"
