# Sourced by the image scripts: makes sure a Docker engine answers. Where none is running, it
# installs Debian's docker.io (the only engine this machine can get: no image or binary can be
# downloaded from Docker's own servers) and starts dockerd in the background with its own log.
# docker_engine_stop stops the engine only if docker_engine_ensure started it.

docker_engine_started_pid=""

docker_engine_ensure() {
  if docker info >/dev/null 2>&1; then return 0; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "[docker] installing Debian's docker.io" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker.io >&2
  fi
  local log="$IMAGES_CACHE/dockerd.log"
  echo "[docker] starting dockerd (log: $log)" >&2
  dockerd >"$log" 2>&1 &
  docker_engine_started_pid=$!
  local waited=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$docker_engine_started_pid" 2>/dev/null || [ "$waited" -ge 60 ]; then
      tail -n 30 "$log" >&2
      echo "[docker] dockerd did not come up" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

docker_engine_stop() {
  [ -n "$docker_engine_started_pid" ] || return 0
  echo "[docker] stopping the dockerd this run started" >&2
  kill "$docker_engine_started_pid" 2>/dev/null || true
  wait "$docker_engine_started_pid" 2>/dev/null || true
}
