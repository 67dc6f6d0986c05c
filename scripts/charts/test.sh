#!/usr/bin/env bash
# `npm run test:charts`: everything about the Kubernetes deployment that can be proved without
# a cluster, with real tools at pinned versions (scripts/charts/tools.sh). Prints one line per
# check and exits non-zero when any fails.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=../lib/node24.sh
source scripts/lib/node24.sh
# The checks below are Node scripts that import yaml and ajv.
# shellcheck source=../lib/deps.sh
source scripts/lib/deps.sh
# shellcheck source=tools.sh
source scripts/charts/tools.sh
chart_tools_ensure || { echo "FAIL installing the chart toolchain" >&2; exit 1; }

chart=charts/summer-trip-api
# shellcheck source=../lib/cache.sh
source scripts/lib/cache.sh
# Helm keeps its state in the project cache, never in the user's ~/.config/helm.
export HELM_CACHE_HOME="$SUMMER_TRIP_CACHE/helm/cache" HELM_CONFIG_HOME="$SUMMER_TRIP_CACHE/helm/config" HELM_DATA_HOME="$SUMMER_TRIP_CACHE/helm/data"
helm="$CHART_TOOLS_BIN/helm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=../lib/checks.sh
source scripts/lib/checks.sh

# The Go module proxy serves neither k8ssandra-operator nor k6-operator, so their CRDs (and the
# schemas made from them) cannot be had on this machine: those two kinds are skipped, by name.
UNCHECKED_KINDS=K8ssandraCluster,TestRun

kubeconform() { # files...: strict validation against the offline schemas only
  "$CHART_TOOLS_BIN/kubeconform" -strict -summary -skip "$UNCHECKED_KINDS" \
    -schema-location "$CHART_SCHEMAS/{{.ResourceKind}}{{.KindSuffix}}.json" "$@"
}

render() { # values-file output
  "$helm" template summer-trip-api "$chart" --namespace summer-trip --kube-version "$K8S_VERSION" -f "$1" >"$2"
}

rejected_by_schema() { # values-file: helm must refuse it for the reason its `# expect:` line names
  local expected
  expected="$(sed -n 's/^# expect: //p' "$1")"
  if "$helm" template summer-trip-api "$chart" -f "$1" >/dev/null 2>"$work/err"; then
    echo "rendered although $1 breaks values.schema.json"
    return 1
  fi
  grep -q "values don't meet the specifications of the schema" "$work/err" && grep -qF -- "$expected" "$work/err" ||
    { echo "expected a schema error naming: $expected"; cat "$work/err"; return 1; }
}

fails() { # command...: succeeds when the command fails (shows a check can catch what it claims)
  ! "$@"
}

dashboard_rendered() { # chart-dir: its dashboards/probe.json becomes a valid ConfigMap Grafana picks up
  "$helm" template summer-trip-api "$1" --kube-version "$K8S_VERSION" --show-only templates/dashboards.yaml >"$work/dashboards.yaml" &&
    grep -q 'grafana_dashboard: "1"' "$work/dashboards.yaml" && grep -q '"title":"probe"' "$work/dashboards.yaml" &&
    kubeconform "$work/dashboards.yaml"
}

check_env() { # manifests
  node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/charts/check-env.mjs "$1"
}

check "chart copies of dashboards/ and api/alerts/ are current" bash scripts/charts/sync-chart-files.sh --check

for values in "$chart"/ci/*-values.yaml; do
  name="$(basename "$values" -values.yaml)"
  check "helm lint --strict ($name values)" "$helm" lint --strict --kube-version "$K8S_VERSION" "$chart" -f "$values"
  check "helm template ($name values) renders" render "$values" "$work/$name.yaml"
  check "kubeconform -strict: chart with $name values" kubeconform "$work/$name.yaml"
done
check "kubeconform -strict: k8s/ custom resources" kubeconform k8s/

k6_images_pinned_as_locally() { # every TestRun's runner runs the k6 release scripts/load/k6.sh builds
  local pinned
  pinned="$(sed -n 's/^K6_VERSION=v//p' scripts/load/k6.sh)"
  [ -n "$pinned" ] && grep -q 'image: grafana/k6:' k8s/load/*.yaml &&
    ! grep -H 'image: grafana/k6:' k8s/load/*.yaml | grep -v "image: grafana/k6:$pinned\$"
}
check "k8s/load runs the k6 release the local load test builds" k6_images_pinned_as_locally
# The checks above must be able to fail: a misspelt field in a Deployment and in a custom resource.
sed 's/readOnlyRootFilesystem: true/readOnlyRootFileSystem: true/' "$work/default.yaml" >"$work/misspelt.yaml"
check "kubeconform -strict rejects a misspelt Deployment field" fails kubeconform "$work/misspelt.yaml"
sed 's/^  instances: 1$/  instance: 1/' k8s/postgres-cluster.yaml >"$work/misspelt-cr.yaml"
check "kubeconform -strict rejects a misspelt CNPG Cluster field" fails kubeconform "$work/misspelt-cr.yaml"

# Grafana dashboards are rendered from the chart's files, which helm-unittest cannot add: a
# copy of the chart with one dashboard proves the template.
cp -r "$chart" "$work/chart-with-dashboard"
echo '{"title":"probe","panels":[]}' >"$work/chart-with-dashboard/dashboards/probe.json"
check "a dashboards/*.json becomes a ConfigMap labelled grafana_dashboard" dashboard_rendered "$work/chart-with-dashboard"

check "helm unittest suites" "$CHART_TOOLS_BIN/helm-unittest" --color=false "$chart"

pod_checksum() { # name helm-args...: the API pods' checksum/<name> annotation under those values
  local name="$1"
  shift
  # A fixed API key unless the arguments set another: without one, each render generates its own.
  "$helm" template summer-trip-api "$chart" --kube-version "$K8S_VERSION" --show-only templates/deployment.yaml \
    --set 'apiKeys.keys[0]=fixed-key-of-sixteen-characters' "$@" |
    sed -n "s|^ *checksum/$name: ||p"
}
rolls_on_secret_change() { # base-args -- changed-args: checksum/secrets moves, checksum/config does not
  local base=() changed=()
  while [ "$1" != -- ]; do base+=("$1") && shift; done
  shift
  changed=("$@")
  [ -n "$(pod_checksum secrets "${base[@]}")" ] &&
    [ "$(pod_checksum secrets "${base[@]}")" != "$(pod_checksum secrets "${changed[@]}")" ] &&
    [ "$(pod_checksum config "${base[@]}")" = "$(pod_checksum config "${changed[@]}")" ]
}
# Helm-unittest renders one set of values at a time: comparing two takes two renders.
check "the API pods roll when an API key changes" rolls_on_secret_change \
  --set 'apiKeys.keys[0]=key-one-of-sixteen-characters' -- --set 'apiKeys.keys[0]=key-two-of-sixteen-characters'
check "the API pods roll when a store password the chart holds changes" rolls_on_secret_change \
  --set postgresql.existingSecret= --set postgresql.auth.username=app --set postgresql.auth.password=one -- \
  --set postgresql.existingSecret= --set postgresql.auth.username=app --set postgresql.auth.password=two
check "chart defaults name the platform's Services and Secrets" node scripts/charts/check-wiring.mjs
check "chart sets every variable the API and seeder read" check_env "$work/default.yaml"
grep -v 'DATABASE_HOST:' "$work/default.yaml" >"$work/no-database-host.yaml"
check "the variable check notices a missing DATABASE_HOST" fails check_env "$work/no-database-host.yaml"

for values in "$chart"/tests/invalid-values/*.yaml; do
  check "values.schema.json rejects $(basename "$values" .yaml)" rejected_by_schema "$values"
done

check "skaffold.yaml matches the skaffold/v4beta13 schema" node scripts/charts/validate-skaffold.mjs "$SKAFFOLD_SCHEMA" skaffold.yaml
sed 's/chartPath:/chartDir:/' skaffold.yaml >"$work/skaffold-misspelt.yaml"
check "the skaffold schema rejects a misspelt field" fails node scripts/charts/validate-skaffold.mjs "$SKAFFOLD_SCHEMA" "$work/skaffold-misspelt.yaml"
check "kind-config.yaml decodes strictly into kind's v1alpha4 Cluster" "$CHART_TOOLS_BIN/kind-config-check" kind-config.yaml
sed 's/extraPortMappings:/extraPortMapping:/' kind-config.yaml >"$work/kind-misspelt.yaml"
check "the kind config check rejects a misspelt field" fails "$CHART_TOOLS_BIN/kind-config-check" "$work/kind-misspelt.yaml"

if [ "$failures" -gt 0 ]; then
  echo "test:charts: $failures check(s) failed"
  exit 1
fi
echo "test:charts: all checks passed"
