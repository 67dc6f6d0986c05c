# Sourced by the project's scripts: puts a Node.js 24 first on PATH.
# Where the machine's own Node is older, Node 24 comes from the npm registry: the `node`
# package there installs its binary from the platform package `node-<os>-<arch>`; we install
# that package directly, at the version .nvmrc pins, so no install script has to run.

node24_ensure() {
  local root want major
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  want="$(tr -d ' \nv' <"$root/.nvmrc")"
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" = "${want%%.*}" ]; then return 0; fi

  # shellcheck source=cache.sh
  source "$(dirname "${BASH_SOURCE[0]}")/cache.sh"
  local cache="$SUMMER_TRIP_CACHE/node-$want"
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  local bin="$cache/node_modules/node-$os-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "[node] installing Node.js $want from the npm registry (node-$os-$arch) into $cache" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-package-lock --loglevel=error "node-$os-$arch@$want" >&2
  fi
  export PATH="$bin:$PATH"
}

node24_ensure
