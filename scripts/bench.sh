#!/usr/bin/env bash
# npm run bench: starts the stores, seeds the medium preset once, then measures the API
# against a bare Fastify server (scripts/bench/run.mjs; README "Benchmark").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh
exec node scripts/bench/run.mjs "$@"
