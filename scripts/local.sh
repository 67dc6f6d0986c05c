#!/usr/bin/env bash
# npm run local: the five stores on this machine, then the API in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh
node scripts/stores/cli.mjs up
exec bash scripts/api.sh
