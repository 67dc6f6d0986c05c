#!/usr/bin/env bash
# A chart can only read files inside its own directory, so the Grafana dashboards (dashboards/)
# and the alert rules (api/alerts/) are copied into charts/summer-trip-api/. Run it after
# changing either; `--check` (run by test.sh) fails when the chart's copies are out of date.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
chart="$root/charts/summer-trip-api"
mode="${1:-sync}"
stale=0

sync_dir() { # source-dir pattern chart-subdir
  local source="$1" pattern="$2" target="$chart/$3"
  mkdir -p "$target"
  local wanted=() file
  if [ -d "$source" ]; then
    while IFS= read -r file; do wanted+=("$(basename "$file")"); done < <(find "$source" -maxdepth 1 -name "$pattern" | sort)
  fi
  for file in "${wanted[@]}"; do
    if ! cmp -s "$source/$file" "$target/$file"; then
      if [ "$mode" = --check ]; then echo "FAIL $3/$file differs from ${source#"$root"/}/$file" >&2; stale=1
      else cp "$source/$file" "$target/$file" && echo "copied ${source#"$root"/}/$file"; fi
    fi
  done
  for file in $(cd "$target" && find . -maxdepth 1 -name "$pattern" -printf '%f\n' | sort); do
    if [[ ! " ${wanted[*]} " == *" $file "* ]]; then
      if [ "$mode" = --check ]; then echo "FAIL $3/$file has no source in ${source#"$root"/}" >&2; stale=1
      else rm "$target/$file" && echo "removed $3/$file"; fi
    fi
  done
}

sync_dir "$root/dashboards" '*.json' dashboards
sync_dir "$root/api/alerts" '*.rules.yaml' alerts
if [ "$stale" = 1 ]; then echo "run: bash scripts/charts/sync-chart-files.sh" >&2; exit 1; fi
[ "$mode" = --check ] && echo "ok   chart dashboards/ and alerts/ match dashboards/ and api/alerts/"
exit 0
