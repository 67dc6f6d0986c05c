#!/usr/bin/env bash
# npm run seed -- [seed-job options]: builds the seeder and fills the local stores (start them
# with `npm run stores:up`), e.g. `npm run seed -- --preset medium --seed 7`. Safe to re-run:
# the same options find what is already there and write nothing twice.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node24.sh
source scripts/lib/deps.sh
npm run build --workspace seed-job --silent
exec node --enable-source-maps seed-job/dist/seed-job/src/main.js "$@"
