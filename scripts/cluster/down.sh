#!/usr/bin/env bash
# `npm run down`: deletes the kind cluster of `npm run up` and all it holds.
set -euo pipefail
command -v kind >/dev/null || { echo "error: kind is not installed" >&2; exit 1; }
kind delete cluster --name summer-trip
