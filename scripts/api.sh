#!/usr/bin/env bash
# npm run api: builds the API and runs it in the foreground against the local stores
# (start them with `npm run stores:up`). Ctrl-C or SIGTERM shuts it down gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh
npm run build --workspace api --silent
cd api
exec node dist/main.js
