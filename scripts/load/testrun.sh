#!/usr/bin/env bash
# npm run load:cluster -- <profile>: runs a k6 profile inside the kind cluster through the
# k6-operator. Ships load/*.js as the ConfigMap summer-trip-load-scripts (a ConfigMap, not a
# kustomize generator: kustomize refuses files outside its own directory), applies the shared
# settings (k8s/load/env.yaml) and the profile's TestRun (k8s/load/<profile>.yaml), replacing
# an earlier run of it, since a finished TestRun never starts again.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
profile="${1:?usage: testrun.sh smoke|load|stress|spike|soak}"
namespace="${NAMESPACE:-summer-trip}"
manifest="$root/k8s/load/$profile.yaml"
[ -f "$manifest" ] || { echo "no TestRun $manifest" >&2; exit 2; }

kubectl --namespace "$namespace" create configmap summer-trip-load-scripts \
  --from-file="$root/load" --dry-run=client -o yaml | kubectl --namespace "$namespace" apply -f -
kubectl --namespace "$namespace" apply -f "$root/k8s/load/env.yaml"
# Writes need one of the API's keys (the chart's Secret <release>-api-keys holds them,
# comma-separated): the first becomes API_KEY of the runners, through a Secret of their own.
keys_secret="${API_KEYS_SECRET:-summer-trip-api-api-keys}"
keys_field="${API_KEYS_FIELD:-api-keys}"
api_key="$(kubectl --namespace "$namespace" get secret "$keys_secret" \
  -o jsonpath="{.data.$keys_field}" 2>/dev/null | base64 -d | cut -d, -f1)" || api_key=""
[ -n "$api_key" ] || echo "warning: no API key in Secret $keys_secret, field $keys_field (set API_KEYS_SECRET and" \
  "API_KEYS_FIELD for the chart's apiKeys.existingSecret): the profile's writes will answer 401" >&2
kubectl --namespace "$namespace" create secret generic summer-trip-load-api-key \
  --from-literal=API_KEY="$api_key" --dry-run=client -o yaml | kubectl --namespace "$namespace" apply -f -
kubectl --namespace "$namespace" delete testrun "summer-trip-$profile" --ignore-not-found --wait
kubectl --namespace "$namespace" apply -f "$manifest"
cat <<MSG
TestRun summer-trip-$profile started. Follow it with
  kubectl --namespace $namespace get testrun summer-trip-$profile -w
  kubectl --namespace $namespace logs -f -l k6_cr=summer-trip-$profile --tail=50
and in Grafana: "Summer-Trip API / Load test", test run "$profile".
MSG
