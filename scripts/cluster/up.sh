#!/usr/bin/env bash
# `npm run up`: the whole stack on a local kind cluster. Checks the prerequisites,
# creates the cluster (kind-config.yaml), builds the API and seed images and loads them into
# kind, installs the platform (platform.sh), installs the API chart (whose post-install hook
# runs the seed Job, which Helm waits for) and prints where everything is.
#   CASSANDRA_SIZE=3 npm run up   for a three-node Cassandra datacenter.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/versions.sh"
source "$here/lib.sh"
cluster=summer-trip
namespace=summer-trip
# The version and the commit built: a run after a change rolls the pods out, which a tag shared
# by every build would not (the Deployment would not change, and the nodes keep the old image).
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unversioned)"
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit-dirty-$(date +%s)"
tag="$(node -p 'require(process.argv[1]).version' "$root/package.json")-$commit"

step "Prerequisites"
missing=0
require docker "$MIN_DOCKER" docker version --format '{{.Server.Version}}' || missing=1
require kind "$MIN_KIND" kind version || missing=1
require helm "$MIN_HELM" helm version --short || missing=1
require kubectl "$MIN_KUBECTL" kubectl version --client || missing=1
[ "$missing" = 0 ] || die "install or upgrade the tools above (docker must be running), then run again"
# Cassandra, Neo4j and Prometheus together need about 10 GiB with one Cassandra node.
free_gib="$(docker info --format '{{.MemTotal}}' | awk '{ printf "%d", $1 / 1024 / 1024 / 1024 }')"
[ "$free_gib" -ge 12 ] || echo "warning: docker has ${free_gib} GiB of memory; the stack needs about 12"

step "kind cluster $cluster"
if kind get clusters | grep -qx "$cluster"; then
  echo "exists"
else
  kind create cluster --name "$cluster" --config "$root/kind-config.yaml" --image "$KIND_NODE_IMAGE" --wait 5m
fi
kubectl config use-context "kind-$cluster" >/dev/null

step "Images summer-trip-api:$tag and summer-trip-seed-job:$tag"
IMAGE_TAG="$tag" bash "$root/scripts/images/build.sh" api seed-job
kind load docker-image --name "$cluster" "summer-trip-api:$tag" "summer-trip-seed-job:$tag"

CASSANDRA_SIZE="${CASSANDRA_SIZE:-1}" bash "$here/platform.sh"

step "Summer-Trip API and seed Job"
replication="$(( ${CASSANDRA_SIZE:-1} < 3 ? ${CASSANDRA_SIZE:-1} : 3 ))"
helm upgrade --install summer-trip-api "$root/charts/summer-trip-api" --namespace "$namespace" \
  -f "$root/charts/summer-trip-api/ci/kind-values.yaml" \
  --set image.tag="$tag" --set seed.image.tag="$tag" --set cassandra.replicationFactor="$replication" \
  --wait --timeout 30m

grafana_password="$(kubectl --namespace monitoring get secret grafana-admin \
  -o jsonpath='{.data.admin-password}' | base64 -d)"
cat <<MSG

Summer-Trip is up.
  API:      http://localhost/users
  Swagger:  http://localhost/docs
  Grafana:  http://grafana.localhost  (user admin, password $grafana_password)
  Smoke:    curl -fsS http://localhost/users
  Remove:   npm run down
MSG
