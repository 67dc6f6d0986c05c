#!/usr/bin/env bash
# npm run images:build [-- api|seed-job ...]: builds the container images with the names the chart
# and skaffold use: summer-trip-<name>:<version of the root package.json, the chart's appVersion>,
# and summer-trip-<name>:dev. BASE_IMAGE overrides the Node.js 24 base (default: the Dockerfiles'
# node:<.nvmrc>-bookworm-slim), IMAGE_REVISION the revision label (default: git HEAD), IMAGE_TAG
# one more tag (npm run up tags each build with its commit).
# Prints each image's build time and size; the build context is the repository root (workspaces).
set -euo pipefail
cd "$(dirname "$0")/../.."

version="$(node -p 'require("./package.json").version')"
revision="${IMAGE_REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}"
source_url="$(git remote get-url origin 2>/dev/null || true)"
components=("$@")
[ "${#components[@]}" -gt 0 ] || components=(api seed-job)

for component in "${components[@]}"; do
  [ -f "$component/Dockerfile" ] || { echo "no $component/Dockerfile" >&2; exit 1; }
  args=(--file "$component/Dockerfile"
    --tag "summer-trip-$component:$version" --tag "summer-trip-$component:dev"
    --build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "SOURCE=$source_url")
  [ -z "${BASE_IMAGE:-}" ] || args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
  [ -z "${IMAGE_TAG:-}" ] || args+=(--tag "summer-trip-$component:$IMAGE_TAG")
  echo "==> building summer-trip-$component:$version${BASE_IMAGE:+ on $BASE_IMAGE}"
  started=$SECONDS
  docker build "${args[@]}" .
  size="$(docker image inspect --format '{{.Size}}' "summer-trip-$component:$version")"
  echo "==> summer-trip-$component:$version built in $((SECONDS - started)) s, $((size / 1000000)) MB"
done
