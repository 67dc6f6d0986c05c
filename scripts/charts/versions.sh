# Pinned versions of the chart toolchain and of the schemas the charts are checked against.
# Sourced by tools.sh and test.sh; bump a pin here and the next run rebuilds what changed.

# Kubernetes 1.37.0 is the node image kind v0.33.0 creates by default, so the manifests are
# checked against the API the cluster from `npm run up` serves.
K8S_VERSION=v1.37.0
KIND_VERSION=v0.33.0
# The node image by the digest kind v0.33.0's release notes list: a tag alone can name an image
# built for another kind release, which kind does not support.
KIND_NODE_IMAGE=kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5
# Latest Helm 3 patch release; Helm 4 changed the plugin system helm-unittest installs into.
HELM_VERSION=v3.22.0
# Latest kubeconform release on the Go module proxy.
KUBECONFORM_VERSION=v0.8.0
# Latest helm-unittest release; it builds against Helm v3.21 and runs charts with apiVersion v2.
HELM_UNITTEST_VERSION=v1.1.2
# Skaffold v2.16.1 ships the newest config schema (skaffold/v4beta13) our skaffold.yaml uses.
SKAFFOLD_VERSION=v2.16.1

# Operators whose custom resources the charts and k8s/ create; the same versions
# scripts/cluster/up.sh installs, so the CRD schemas match the cluster's.
PROMETHEUS_OPERATOR_VERSION=v0.93.1
# CloudNativePG 1.30.1, the newest release here: 1.28 reached its end of life on 2026-06-30 and
# supports Kubernetes up to 1.35; 1.30 is tested against 1.37 and 1.30.1 fixes a webhook
# validation bypass and a gRPC CVE (docs/src/supported_releases.md, release_notes/v1.30.md).
CNPG_VERSION=v1.30.1
# The newest k8ssandra-operator release; its own tests run the Cassandra 5.0.4 that
# k8s/cassandra-cluster.yaml asks for, and cert-manager 1.18 through the stable v1 API.
K8SSANDRA_OPERATOR_VERSION=v1.32.5
# The newest k6-operator release, built on the Kubernetes 1.36 client libraries.
K6_OPERATOR_VERSION=v1.6.0
