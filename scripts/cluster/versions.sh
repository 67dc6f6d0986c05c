# Versions of everything `npm run up` installs. The operator versions are the ones the
# offline checks read their CRD schemas from (scripts/charts/versions.sh), so both agree.
# shellcheck source=../charts/versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/../charts/versions.sh"

# Prerequisites: the oldest versions known to work with this setup.
MIN_DOCKER=24.0.0
MIN_KIND=${KIND_VERSION#v}
MIN_HELM=3.14.0
# kubectl works with an API server one minor version either side of its own (K8S_VERSION: 1.37).
MIN_KUBECTL=1.36.0

# jetstack/cert-manager, which k8ssandra-operator's webhooks need (it uses only the stable
# cert-manager.io/v1 Issuer and Certificate). 1.21 is the supported line that reaches furthest
# towards our Kubernetes (1.33-1.36); 1.18 ended on 2026-03-10. We set only crds.enabled, which
# 1.21's breaking changes (RBAC, metrics values) leave alone.
CERT_MANAGER_CHART=v1.21.2
K8SSANDRA_OPERATOR_CHART=${K8SSANDRA_OPERATOR_VERSION#v}  # k8ssandra/k8ssandra-operator; chart version = operator version
# The newest kube-prometheus-stack here; it ships prometheus-operator v0.93.1
# (PROMETHEUS_OPERATOR_VERSION) and Grafana 13; every key values/kube-prometheus-stack.yaml sets
# keeps its meaning there.
KUBE_PROMETHEUS_STACK_CHART=88.5.3
# The newest metrics-server chart; it installs metrics-server 0.8.1 (Kubernetes 1.31 and later).
METRICS_SERVER_CHART=3.13.1
# Traefik is maintained and speaks both Ingress and the Gateway API (ingress-nginx is retired).
# The newest chart here (Traefik v3.7.11), past the advisories fixed in v3.6.4 and v3.6.12;
# values/traefik.yaml renders the same with it.
TRAEFIK_CHART=41.3.0
NEO4J_CHART=5.26.30                  # the official neo4j/neo4j chart; 5.26 is the LTS the local harness runs
VALKEY_CHART=0.11.0                  # valkey-io/valkey-helm, the Valkey project's own chart; its newest release
MINIO_CHART=5.4.0                    # minio/minio (charts.min.io), the last release of the upstream chart
# MinIO stopped publishing images in late 2025; this is the last tag on quay.io, and platform.sh checks
# that it still resolves before installing (docker manifest inspect).
MINIO_IMAGE=quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z
