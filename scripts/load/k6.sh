#!/usr/bin/env bash
# Builds k6 from its Go module at the pinned release (this machine reaches the Go module proxy,
# not GitHub releases) into the project cache, once per version.
#
# Run it with k6 arguments (`bash scripts/load/k6.sh run load/smoke.js`), or source it and call
# k6_ensure: then K6_BIN holds the binary's path.

# v1.8.1 is the newest k6 release on the proxy; its go.mod has no replace directives, so
# `go install` builds it as released, and it ships the experimental-prometheus-rw output and the
# web dashboard's HTML report the load profiles use.
K6_VERSION=v1.8.1

k6_ensure() {
  local lib tools
  lib="$(dirname "${BASH_SOURCE[0]}")/../lib"
  # shellcheck source=../lib/cache.sh
  source "$lib/cache.sh"
  # shellcheck source=../lib/go-install.sh
  source "$lib/go-install.sh"
  tools="$SUMMER_TRIP_CACHE/go-tools"
  K6_BIN="$tools/k6-$K6_VERSION/k6"
  go_install_once load "$tools/stamps/k6-$K6_VERSION" "$(dirname "$K6_BIN")" "go.k6.io/k6@$K6_VERSION" || return 1
  export K6_BIN
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  k6_ensure
  exec "$K6_BIN" "$@"
fi
