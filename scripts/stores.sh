#!/usr/bin/env bash
# npm run stores:up|down|status [-- store…]: the local real-stores harness on Node 24.
set -euo pipefail
source "$(dirname "$0")/lib/node24.sh"
exec node "$(dirname "$0")/stores/cli.mjs" "$@"
