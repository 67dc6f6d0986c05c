#!/usr/bin/env bash
# `npm run test:secrets`: gitleaks (tools.sh) over the working tree and the whole git history,
# with gitleaks' own rules plus the credential-literal rule and the allowlist of documented
# local-development defaults in .gitleaks.toml. A planted credential proves the scan can fail.
#
# Source it and call secrets_scan_image <image> to scan a built image's filesystem as well
# (scripts/images/test.sh does, after building the images).
set -uo pipefail

secrets_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

_gitleaks() { # gitleaks arguments...: our configuration, findings redacted, no banner
  "$GITLEAKS" "$@" --config "$secrets_root/.gitleaks.toml" --redact --verbose --no-banner --no-color --exit-code 1
}

secrets_scan_dir() { # directory [label]: the files of a directory, paths relative to it
  (cd "$1" && _gitleaks dir . --max-target-megabytes 20)
}

# The files git would commit (tracked, and new files .gitignore does not exclude), copied
# apart so that node_modules, build output and the stores' data are not scanned.
secrets_tree_copy() { # destination
  (cd "$secrets_root" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do [ -f "$file" ] && printf '%s\0' "$file"; done |
    xargs -0 -r cp --parents -t "$1")
}

# Every file of the image that is not an installed Debian package's (usr/, dpkg's records and
# log: their docs and translations speak of passwords in words the credential-literal rule
# reads as values; gitleaks skips node_modules by its own allowlist), plus the image's
# configuration (environment, labels) and the commands of its layers, where build arguments
# and ENV lines leave credentials.
secrets_scan_image() { # image
  local image="$1" container dir status
  dir="$(mktemp -d)"
  container="$(docker create "$image")" || { rm -rf "$dir"; return 1; }
  docker export "$container" | tar -x -C "$dir" --exclude 'dev/*' --exclude 'proc/*' --exclude 'sys/*' \
    --exclude 'usr/*' --exclude 'var/lib/dpkg/*' --exclude 'var/log/*'
  status=$?
  docker rm "$container" >/dev/null
  docker image inspect --format '{{json .Config}}' "$image" >"$dir/image-config.json" &&
    docker history --no-trunc --format '{{.CreatedBy}}' "$image" >"$dir/image-history.txt" || status=1
  if [ "$status" -eq 0 ]; then
    echo "scanning $image: its files outside usr/, its configuration and layer history"
    secrets_scan_dir "$dir"
    status=$?
  fi
  rm -rf "$dir"
  return "$status"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # shellcheck source=tools.sh
  source "$secrets_root/scripts/security/tools.sh"
  gitleaks_ensure
  return
fi

cd "$secrets_root"
# shellcheck source=../lib/node24.sh
source scripts/lib/node24.sh
# shellcheck source=tools.sh
source scripts/security/tools.sh
gitleaks_ensure || { echo "FAIL installing gitleaks" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=../lib/checks.sh
source scripts/lib/checks.sh
fails() { ! "$@"; }

mkdir "$work/tree"
secrets_tree_copy "$work/tree" || { echo "FAIL copying the working tree" >&2; exit 1; }
check "no credential in the working tree ($(find "$work/tree" -type f | wc -l) files)" secrets_scan_dir "$work/tree"
check "no credential in the git history ($(git rev-list --all | wc -l) commits, all refs)" \
  _gitleaks git "$secrets_root" --log-opts=--all

# The scan must be able to fail: a production-looking password, made up at run time so that
# the repository itself never holds one, in a copy of the compose file.
planted="prod-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir "$work/planted"
sed "s/POSTGRES_PASSWORD: .*/POSTGRES_PASSWORD: $planted/" compose.yaml >"$work/planted/compose.yaml"
check "the scan finds a password planted in compose.yaml" fails secrets_scan_dir "$work/planted"

if [ "$failures" -gt 0 ]; then
  echo "test:secrets: $failures check(s) failed"
  exit 1
fi
echo "test:secrets: no credential found"
