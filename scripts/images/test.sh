#!/usr/bin/env bash
# npm run test:images: builds both images on a locally made base (this machine can pull no image)
# and runs them as the chart does (read-only root filesystem with /tmp as tmpfs, user 10001, all
# capabilities dropped, no privilege escalation) against the local stores:
#   - the API container answers /health/ready with every store up and serves each feature, its
#     filesystem is read-only but /tmp, it carries no package manager, and SIGTERM stops it cleanly;
#   - the seeder container seeds the small preset and exits 0, and SIGTERM stops it.
# Starts the Docker engine if none runs (and stops it again), leaves the stores running, and
# removes its containers on exit. Ends non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/node24.sh
source scripts/lib/cache.sh
export IMAGES_CACHE="$SUMMER_TRIP_CACHE/images"
mkdir -p "$IMAGES_CACHE"
source scripts/images/docker-engine.sh
source scripts/images/base-image.sh
source scripts/lib/free-port.sh

section() { printf '\n==> %s\n' "$*"; }
fail() {
  echo "FAIL $*" >&2
  exit 1
}
ok() { echo "ok   $*"; }

version="$(node -p 'require("./package.json").version')"
api_image="summer-trip-api:$version"
seed_image="summer-trip-seed-job:$version"
# What the chart sets in the pods' securityContext.
as_the_chart_runs=(--network host --read-only --tmpfs /tmp --user 10001:10001
  --cap-drop ALL --security-opt no-new-privileges)

containers=()
cleanup() {
  for container in "${containers[@]}"; do docker rm -f "$container" >/dev/null 2>&1 || true; done
  docker_engine_stop
}
trap cleanup EXIT

started=$SECONDS
section "Docker engine"
docker_engine_ensure
docker version --format 'engine {{.Server.Version}}'

section "local base image"
base="$(base_image_ensure)"
ok "base $base ($(docker image inspect --format '{{.Size}}' "$base" | awk '{ printf "%d MB", $1 / 1e6 }'))"

section "the five stores"
bash scripts/stores.sh up

section "building both images on $base"
# Fixed once: commits landing during the build must not make the label check compare other values.
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
BASE_IMAGE="$base" IMAGE_REVISION="$revision" bash scripts/images/build.sh api seed-job

section "what the images are"
for image in "$api_image" "$seed_image"; do
  labels="$(docker image inspect "$image" --format '{{index .Config.Labels "org.opencontainers.image.version"}}
    {{- " "}}{{index .Config.Labels "org.opencontainers.image.revision"}}')"
  [ "$labels" = "$version $revision" ] || fail "$image: OCI labels version/revision are '$labels'"
  ok "$image: OCI labels version $version, revision $revision"
  user="$(docker image inspect --format '{{.Config.User}}' "$image")"
  [[ "$user" =~ ^[1-9][0-9]*:[0-9]+$ ]] || fail "$image runs as '$user', not a numeric non-root user"
  ok "$image: runs as $user"
  found="$(docker run --rm --entrypoint /bin/sh "$image" -c \
    'for tool in npm npx corepack yarn apt apt-get dpkg perl gcc cc make; do command -v $tool; done; true')"
  [ -z "$found" ] || fail "$image carries package managers or compilers: $found"
  ok "$image: no npm, yarn, apt, dpkg, perl or compiler"
  docker image inspect --format '{{.Size}}' "$image" |
    awk -v image="$image" '{ printf "%s: %d MB, its layers:\n", image, $1 / 1e6 }'
  docker history --no-trunc --format '  {{printf "%8s" .Size}}  {{.CreatedBy}}' "$image" | grep -v '^ *0B  ' |
    sed -E 's|/bin/sh -c (#\(nop\) *)?||; s/(file|dir):[0-9a-f]{64} //; s/  $/  (the base image)/' | cut -c1-110
done

section "no credential in either image (gitleaks)"
source scripts/security/secrets.sh
for image in "$api_image" "$seed_image"; do
  secrets_scan_image "$image" || fail "$image holds a credential"
  ok "$image: gitleaks finds no credential in its files, configuration or layer commands"
done

section "API container against the local stores"
api_port="$(free_port)"
metrics_port="$(free_port)"
api=summer-trip-api-image-check
containers+=("$api")
docker rm -f "$api" >/dev/null 2>&1 || true
# The image runs with NODE_ENV=production, where the API refuses to start without API keys.
api_key="$(node -p 'require("node:crypto").randomBytes(24).toString("hex")')"
docker run --detach --name "$api" "${as_the_chart_runs[@]}" --env API_KEYS="$api_key" \
  --env PORT="$api_port" --env METRICS_PORT="$metrics_port" "$api_image" >/dev/null
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$api_port/health/live" >/dev/null 2>&1 && break
  [ "$(docker inspect --format '{{.State.Running}}' "$api")" = true ] || break
  sleep 1
done
curl -fsS "http://127.0.0.1:$api_port/health/live" >/dev/null 2>&1 ||
  { docker logs "$api" 2>&1 | tail -n 30; fail "the API container did not come up"; }
ok "the API container is live on port $api_port"
API_KEY="$api_key" node scripts/images/smoke-api.mjs "http://127.0.0.1:$api_port" || { docker logs "$api" 2>&1 | tail -n 30; exit 1; }
metrics="$(curl -fsS "http://127.0.0.1:$metrics_port/metrics")" || fail "no /metrics on port $metrics_port"
grep -q '^http_server_request_duration_seconds_count{.*route="/users"' <<<"$metrics" ||
  fail "/metrics on port $metrics_port does not count the requests above"
ok "GET /metrics on the metrics port: the requests above, counted by route"
docker exec "$api" node -e '
  const fs = require("node:fs");
  try { fs.writeFileSync("/app/api/dist/probe", "x"); process.exit(1); }
  catch (error) { if (error.code !== "EROFS") throw error; }
  fs.writeFileSync("/tmp/probe", "x");' || fail "the root filesystem is writable, or /tmp is not"
ok "the root filesystem is read-only, /tmp is writable"
stop_started=$SECONDS
docker stop --time 30 "$api" >/dev/null
exit_code="$(docker inspect --format '{{.State.ExitCode}}' "$api")"
[ "$exit_code" = 0 ] || fail "SIGTERM: the API exited with $exit_code (137: it had to be killed)"
ok "SIGTERM: the API shut down gracefully in $((SECONDS - stop_started)) s, exit 0"

section "seeder container: the small preset"
seeder=summer-trip-seed-job-image-check
containers+=("$seeder")
docker rm -f "$seeder" >/dev/null 2>&1 || true
seed_started=$SECONDS
docker run --name "$seeder" "${as_the_chart_runs[@]}" "$seed_image" --preset small ||
  fail "the seeder container exited with $?"
ok "the seeder seeded the small preset and exited 0 in $((SECONDS - seed_started)) s"

# A Job deleted mid-run: the seeder, waiting here for a PostgreSQL that never answers, must stop on
# SIGTERM. As PID 1, a process without a SIGTERM handler ignores it and is killed (137) at the end
# of the grace period.
docker rm -f "$seeder" >/dev/null
docker run --detach --name "$seeder" "${as_the_chart_runs[@]}" --env DATABASE_PORT=1 "$seed_image" \
  --phase postgres >/dev/null
sleep 3
stop_started=$SECONDS
docker stop --time 20 "$seeder" >/dev/null
exit_code="$(docker inspect --format '{{.State.ExitCode}}' "$seeder")"
[ "$exit_code" != 137 ] || fail "SIGTERM: the seeder ignored it as PID 1 and was killed after 20 s"
ok "SIGTERM: the seeder stopped in $((SECONDS - stop_started)) s, exit $exit_code"

echo
echo "test:images passed in $((SECONDS - started)) s"
