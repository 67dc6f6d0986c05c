#!/usr/bin/env bash
# Installs the chart toolchain at the versions scripts/charts/versions.sh pins, built from the
# tools' Go modules (this machine reaches the Go module proxy, not GitHub releases), and
# generates the offline JSON schemas kubeconform checks against. Idempotent: each step leaves a
# stamp named after its version and is skipped once it is there.
#
# Run it, or source it and call chart_tools_ensure: then CHART_TOOLS_BIN holds helm, kubeconform,
# helm-unittest and kind-config-check, CHART_SCHEMAS the kubeconform schemas and
# SKAFFOLD_SCHEMA the JSON schema of skaffold.yaml.

chart_tools_ensure() {
  local here tools stamps
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  # shellcheck source=versions.sh
  source "$here/versions.sh"
  # shellcheck source=../lib/cache.sh
  source "$here/../lib/cache.sh"
  # shellcheck source=../lib/go-install.sh
  source "$here/../lib/go-install.sh"
  tools="$SUMMER_TRIP_CACHE/go-tools"
  stamps="$tools/stamps"
  CHART_TOOLS_BIN="$tools/bin"
  mkdir -p "$CHART_TOOLS_BIN" "$stamps"

  _module_dir() { # module@version -> its directory in the module cache
    go mod download -json "$1" | node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8")); if (m.Error) { console.error(m.Error); process.exit(1); } console.log(m.Dir)'
  }

  # Without the ldflags of Helm's Makefile, Helm reports version "v3.22" and renders and lints
  # for Kubernetes 1.20; these set its version and our target Kubernetes, as its release does.
  local kube_major kube_minor helm_ldflags
  kube_major="$(echo "${K8S_VERSION#v}" | cut -d. -f1)"
  kube_minor="$(echo "${K8S_VERSION#v}" | cut -d. -f2)"
  helm_ldflags="-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$kube_major -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$kube_minor"
  helm_ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$kube_major -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$kube_minor"
  # Helm and helm-unittest embed the Kubernetes version, so a new one rebuilds them.
  stamps="$stamps/kubernetes-$K8S_VERSION"
  mkdir -p "$stamps"

  # Helm's go.mod has no replace directives, so `go install` builds it as released.
  go_install_once charts "$stamps/helm-$HELM_VERSION" "$CHART_TOOLS_BIN" \
    -ldflags "$helm_ldflags -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" || return 1
  go_install_once charts "$stamps/kubeconform-$KUBECONFORM_VERSION" "$CHART_TOOLS_BIN" \
    -ldflags "-X main.version=$KUBECONFORM_VERSION" \
    "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" || return 1

  # helm-unittest's go.mod replaces yaml-jsonpath with its own fork, which `go install pkg@v`
  # refuses, so it is built inside a writable copy of its module. The binary runs directly
  # (`helm-unittest <chart>`), the same program `helm unittest` starts as a plugin.
  if [ ! -f "$stamps/helm-unittest-$HELM_UNITTEST_VERSION" ]; then
    echo "[charts] building helm-unittest $HELM_UNITTEST_VERSION" >&2
    local src work
    src="$(_module_dir "github.com/helm-unittest/helm-unittest@$HELM_UNITTEST_VERSION")" || return 1
    work="$(mktemp -d)"
    cp -r "$src/." "$work" && chmod -R u+w "$work"
    (cd "$work" && GOFLAGS=-buildvcs=false go build -ldflags "$helm_ldflags" -o "$CHART_TOOLS_BIN/helm-unittest" ./cmd/helm-unittest) || return 1
    rm -rf "$work"
    touch "$stamps/helm-unittest-$HELM_UNITTEST_VERSION"
  fi

  # Our own strict decoder of kind-config.yaml; Go's build cache makes the rebuild a no-op.
  (cd "$here/kind-config-check" && GOFLAGS=-buildvcs=false go build -o "$CHART_TOOLS_BIN/kind-config-check" .) || return 1

  # Schemas: regenerated whenever a pinned version or the generator changes.
  local key
  key="$(cat "$here/versions.sh" "$here/json-schemas.mjs" | sha256sum | cut -c1-12)"
  CHART_SCHEMAS="$SUMMER_TRIP_CACHE/kubeconform-schemas/$key"
  SKAFFOLD_SCHEMA="$CHART_SCHEMAS/skaffold-v4beta13.json"
  if [ ! -f "$CHART_SCHEMAS/.complete" ]; then
    echo "[charts] generating kubeconform schemas into $CHART_SCHEMAS" >&2
    local kubernetes prometheus cnpg skaffold
    kubernetes="$(_module_dir "k8s.io/kubernetes@$K8S_VERSION")" || return 1
    prometheus="$(_module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")" || return 1
    cnpg="$(_module_dir "github.com/cloudnative-pg/cloudnative-pg@$CNPG_VERSION")" || return 1
    skaffold="$(_module_dir "github.com/GoogleContainerTools/skaffold/v2@$SKAFFOLD_VERSION")" || return 1
    rm -rf "$CHART_SCHEMAS" && mkdir -p "$CHART_SCHEMAS"
    node "$here/json-schemas.mjs" kubernetes "$kubernetes/api/openapi-spec/swagger.json" "$CHART_SCHEMAS" >&2 || return 1
    node "$here/json-schemas.mjs" crds "$CHART_SCHEMAS" \
      "$prometheus/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
      "$prometheus/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml" \
      "$cnpg/config/crd/bases/postgresql.cnpg.io_clusters.yaml" >&2 || return 1
    cp "$skaffold/docs-v2/content/en/schemas/v4beta13.json" "$SKAFFOLD_SCHEMA" || return 1
    touch "$CHART_SCHEMAS/.complete"
  fi
  export CHART_TOOLS_BIN CHART_SCHEMAS SKAFFOLD_SCHEMA
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  # shellcheck source=../lib/node24.sh
  source "$(dirname "$0")/../lib/node24.sh"
  chart_tools_ensure
  "$CHART_TOOLS_BIN/helm" version --short
  "$CHART_TOOLS_BIN/kubeconform" -v
  echo "schemas: $CHART_SCHEMAS"
fi
