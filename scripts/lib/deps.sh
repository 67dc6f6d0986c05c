# Sourced after node24.sh: installs the workspace's dependencies when the lock file has
# changed since the last install, exactly as the lock file pins them (`npm ci`, which refuses a
# lock that package.json contradicts).
deps_ensure() {
  local root stamp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  stamp="$root/node_modules/.package-lock.sha256"
  if [ -f "$stamp" ] && sha256sum --status -c "$stamp" 2>/dev/null; then return 0; fi
  echo "[deps] npm ci (from package-lock.json)" >&2
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
  (cd "$root" && sha256sum package-lock.json >"$stamp")
}

deps_ensure
