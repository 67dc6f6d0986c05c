#!/usr/bin/env bash
# Installs the platform the API runs on, in the order it depends on itself: cert-manager, the
# operators, the monitoring CRDs and stack, metrics-server, the ingress controller, the stores
# and their custom resources (k8s/). Idempotent (helm upgrade --install, kubectl apply), and it
# waits for each piece. Used by up.sh and by `skaffold run -p full`.
#   CASSANDRA_SIZE=3 for a three-node Cassandra datacenter (default 1, laptop-sized).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/versions.sh"
source "$here/lib.sh"
namespace=summer-trip
cassandra_size="${CASSANDRA_SIZE:-1}"

install() { # release chart version namespace [helm args...]
  local release="$1" chart="$2" version="$3" ns="$4"; shift 4
  step "$release ($chart $version) in $ns"
  helm upgrade --install "$release" "$chart" --version "$version" --namespace "$ns" --create-namespace --wait --timeout 15m "$@"
}

step "Helm repositories"
helm repo add jetstack https://charts.jetstack.io --force-update >/dev/null
helm repo add k8ssandra https://helm.k8ssandra.io/stable --force-update >/dev/null
helm repo add prometheus-community https://prometheus-community.github.io/helm-charts --force-update >/dev/null
helm repo add metrics-server https://kubernetes-sigs.github.io/metrics-server --force-update >/dev/null
helm repo add traefik https://traefik.github.io/charts --force-update >/dev/null
helm repo add neo4j https://helm.neo4j.com/neo4j --force-update >/dev/null
helm repo add valkey https://valkey.io/valkey-helm --force-update >/dev/null
helm repo add minio https://charts.min.io --force-update >/dev/null
helm repo update >/dev/null

install cert-manager jetstack/cert-manager "$CERT_MANAGER_CHART" cert-manager --set crds.enabled=true

step "CloudNativePG $CNPG_VERSION"
kubectl apply --server-side --force-conflicts -f \
  "https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/release-$(cut -d. -f1,2 <<<"${CNPG_VERSION#v}")/releases/cnpg-${CNPG_VERSION#v}.yaml"
kubectl --namespace cnpg-system rollout status deployment/cnpg-controller-manager --timeout=10m

# Cluster-scoped so it reconciles the K8ssandraCluster in the API's namespace.
install k8ssandra-operator k8ssandra/k8ssandra-operator "$K8SSANDRA_OPERATOR_CHART" k8ssandra-operator --set global.clusterScoped=true

# Grafana's admin password is this cluster's own: the chart's default (prom-operator) is public.
kubectl create namespace monitoring --dry-run=client -o yaml | kubectl apply -f -
if ! kubectl --namespace monitoring get secret grafana-admin >/dev/null 2>&1; then
  kubectl --namespace monitoring create secret generic grafana-admin \
    --from-literal=admin-user=admin --from-literal=admin-password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
fi
# Helm installs a chart's CRDs but never upgrades them: on a cluster made by an earlier version,
# the operator's own are applied first, as the chart's upgrade notes ask.
step "prometheus-operator $PROMETHEUS_OPERATOR_VERSION CRDs"
for kind in alertmanagerconfigs alertmanagers podmonitors probes prometheusagents prometheuses prometheusrules \
  scrapeconfigs servicemonitors thanosrulers; do
  kubectl apply --server-side --force-conflicts -f \
    "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/$PROMETHEUS_OPERATOR_VERSION/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml"
done
# Brings the monitoring CRDs (ServiceMonitor, PrometheusRule) the API chart needs.
install kube-prometheus-stack prometheus-community/kube-prometheus-stack "$KUBE_PROMETHEUS_STACK_CHART" monitoring \
  -f "$here/values/kube-prometheus-stack.yaml"
step "k6-operator $K6_OPERATOR_VERSION"
# The release's own bundle (namespace k6-operator-system): the TestRun CRD is the version the
# manifests in k8s/load/ are written against.
kubectl apply --server-side --force-conflicts -f \
  "https://raw.githubusercontent.com/grafana/k6-operator/${K6_OPERATOR_VERSION}/bundle.yaml"
kubectl --namespace k6-operator-system wait deployment --all --for=condition=Available --timeout=10m

install metrics-server metrics-server/metrics-server "$METRICS_SERVER_CHART" kube-system \
  --set 'args={--kubelet-insecure-tls}'
# The same for Traefik's CRDs, as its chart's upgrade notes ask.
helm show crds traefik/traefik --version "$TRAEFIK_CHART" | kubectl apply --server-side --force-conflicts -f -
install traefik traefik/traefik "$TRAEFIK_CHART" traefik -f "$here/values/traefik.yaml"

step "Store credentials"
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
# The Neo4j chart reads NEO4J_AUTH (user/password), the API chart the bare password.
if ! kubectl --namespace "$namespace" get secret summer-trip-neo4j-auth >/dev/null 2>&1; then
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  kubectl --namespace "$namespace" create secret generic summer-trip-neo4j-auth \
    --from-literal=NEO4J_AUTH="neo4j/$password" --from-literal=password="$password"
fi

install neo4j neo4j/neo4j "$NEO4J_CHART" "$namespace" -f "$here/values/neo4j.yaml"
install valkey valkey/valkey "$VALKEY_CHART" "$namespace" -f "$here/values/valkey.yaml"
step "MinIO image $MINIO_IMAGE still resolves"
docker manifest inspect "$MINIO_IMAGE" >/dev/null || die "$MINIO_IMAGE no longer resolves; set MINIO_IMAGE in scripts/cluster/versions.sh"
install minio minio/minio "$MINIO_CHART" "$namespace" -f "$here/values/minio.yaml" \
  --set image.repository="${MINIO_IMAGE%:*}" --set image.tag="${MINIO_IMAGE##*:}"

step "PostgreSQL and Cassandra clusters (k8s/)"
kubectl --namespace "$namespace" apply -f "$root/k8s/postgres-cluster.yaml"
sed "s/^        size: 1$/        size: $cassandra_size/" "$root/k8s/cassandra-cluster.yaml" | kubectl --namespace "$namespace" apply -f -
kubectl --namespace "$namespace" wait cluster.postgresql.cnpg.io/summer-trip-pg --for=condition=Ready --timeout=15m
kubectl --namespace "$namespace" wait k8ssandracluster/summer-trip --for=condition=CassandraInitialized --timeout=30m
