#!/usr/bin/env bash
# `npm run test:pss`: renders the API chart with each of its ci/*-values.yaml files and checks
# every pod it creates (the API Deployment, the seed Jobs…) against the restricted:latest Pod
# Security Standard with the upstream evaluator (pss-check/). Prints one line per workload and
# exits non-zero when a pod would be refused or the check fails to notice a privileged pod.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=../lib/node24.sh
source scripts/lib/node24.sh
# shellcheck source=tools.sh
source scripts/charts/tools.sh
chart_tools_ensure || { echo "FAIL installing the chart toolchain" >&2; exit 1; }
# k8s.io/pod-security-admission is pinned in pss-check/go.mod at the release of the Kubernetes
# version (versions.sh) the manifests are checked against; Go's build cache makes this a no-op.
(cd scripts/charts/pss-check && GOFLAGS=-buildvcs=false go build -o "$CHART_TOOLS_BIN/pss-check" .) ||
  { echo "FAIL building pss-check" >&2; exit 1; }

chart=charts/summer-trip-api
# shellcheck source=../lib/cache.sh
source scripts/lib/cache.sh
export HELM_CACHE_HOME="$SUMMER_TRIP_CACHE/helm/cache" HELM_CONFIG_HOME="$SUMMER_TRIP_CACHE/helm/config" HELM_DATA_HOME="$SUMMER_TRIP_CACHE/helm/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

pss_check() { # values-file: the chart rendered with it (kept as $work/<name>.yaml) meets restricted:latest
  local values="$1"
  "$CHART_TOOLS_BIN/helm" template summer-trip-api "$chart" --namespace summer-trip \
    --kube-version "$K8S_VERSION" -f "$values" >"$work/$(basename "$values" -values.yaml).yaml" &&
    "$CHART_TOOLS_BIN/pss-check" <"$work/$(basename "$values" -values.yaml).yaml"
}

for values in "$chart"/ci/*-values.yaml; do
  echo "== $(basename "$values")"
  pss_check "$values" || failures=$((failures + 1))
done

# The check must be able to fail. values.schema.json already refuses privileged values, so the
# rendered default chart is edited instead: a container that may escalate and run as root.
echo "== default chart edited to allow privilege escalation and root (must be refused)"
sed -e 's/allowPrivilegeEscalation: false/allowPrivilegeEscalation: true/' -e 's/runAsNonRoot: true/runAsNonRoot: false/' \
  "$work/default.yaml" >"$work/privileged.yaml"
"$CHART_TOOLS_BIN/pss-check" <"$work/privileged.yaml" >"$work/privileged.out"
status=$?
# Shown as "refused", not pss-check's "FAIL": these refusals are the expected outcome, and a
# CI log searched for FAIL should lead to a real failure.
sed -e 's/^FAIL /refused /' -e 's/^/     /' "$work/privileged.out"
if [ "$status" -eq 1 ] && grep -q '^FAIL Deployment/summer-trip-api: .*allowPrivilegeEscalation' "$work/privileged.out"; then
  echo "ok   pss-check refused the privileged pods"
else
  echo "FAIL pss-check did not refuse the privileged Deployment (exit $status)"
  failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
  echo "test:pss: $failures check(s) failed"
  exit 1
fi
echo "test:pss: every pod the chart renders meets restricted:latest"
