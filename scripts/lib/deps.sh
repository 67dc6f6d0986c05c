# Sourced after node24.sh: installs the workspace's dependencies when the lock file has
# changed since the last install, at the versions the lock file pins. `npm install --no-save`
# rather than `npm ci`: the registry this project builds against serves no native packages for
# other platforms (@swc/core-darwin-arm64 and the like), so the lock file cannot list them, and
# `npm ci` refuses a lock file whose optional platform packages are missing.
deps_ensure() {
  local root stamp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  stamp="$root/node_modules/.package-lock.sha256"
  if [ -f "$stamp" ] && sha256sum --status -c "$stamp" 2>/dev/null; then return 0; fi
  echo "[deps] npm install (from package-lock.json)" >&2
  (cd "$root" && npm install --no-save --no-audit --no-fund --loglevel=error >&2)
  (cd "$root" && sha256sum package-lock.json >"$stamp")
}

deps_ensure
