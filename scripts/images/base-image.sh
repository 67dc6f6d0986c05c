# Sourced by the image scripts: makes the Node.js 24 base image locally, since this machine can
# pull no image. A minimal Debian bookworm (debootstrap --variant=minbase, from the machine's own
# Debian mirror) plus Node.js from the npm registry's node-linux-<arch> package at the version
# .nvmrc pins, and npm for the build stage. It plays the role node:<version>-bookworm-slim plays
# for people who can pull from Docker Hub: same Debian release, same layout (/usr/local/bin/node).
# The root filesystem tarball is cached, so only the first run pays for debootstrap.

# npm for the build stage: the release the project's lock file is written with on the host.
BASE_NPM_VERSION=11.19.1
# The Debian release node:24-bookworm-slim is built on.
BASE_DEBIAN_SUITE=bookworm

# The URI of the machine's configured Debian archive (not the security one), deb822 or one-line.
debian_mirror() {
  local uri
  uri="$(awk '/^URIs:/ { uri = $2 } /^Suites:/ && / '"$BASE_DEBIAN_SUITE"'( |$)/ { print uri; exit }' \
    /etc/apt/sources.list.d/*.sources 2>/dev/null)"
  [ -n "$uri" ] || uri="$(awk '$1 == "deb" && $3 == "'"$BASE_DEBIAN_SUITE"'" { print $2; exit }' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null)"
  [ -n "$uri" ] || { echo "[base] no $BASE_DEBIAN_SUITE mirror in /etc/apt/sources.list(.d)" >&2; return 1; }
  echo "$uri"
}

# Prints the tag of the local base image, making it first if it is missing.
base_image_ensure() {
  local root node_version arch tag tarball
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  node_version="$(tr -d ' \nv' <"$root/.nvmrc")"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "[base] unsupported machine $(uname -m)" >&2; return 1 ;;
  esac
  tag="summer-trip/base-node:$node_version-$BASE_DEBIAN_SUITE"
  tarball="$IMAGES_CACHE/base-node-$node_version-npm-$BASE_NPM_VERSION-$BASE_DEBIAN_SUITE-$arch.tar"

  # The label names the root filesystem an image was made from: a new pin makes a new base.
  local made_from
  made_from="$(docker image inspect "$tag" \
    --format '{{index .Config.Labels "summer-trip.base.rootfs"}}' 2>/dev/null || true)"
  if [ "$made_from" != "$(basename "$tarball")" ]; then
    [ -f "$tarball" ] || base_rootfs_make "$tarball" "$node_version" "$arch" >&2
    echo "[base] importing $tarball as $tag" >&2
    docker import \
      --change "LABEL summer-trip.base.rootfs=$(basename "$tarball")" \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "ENV NODE_VERSION=$node_version" \
      --change 'CMD ["node"]' \
      "$tarball" "$tag" >&2
    base_trust_machine_cas "$tag" >&2
  fi
  echo "$tag"
}

# This machine reaches the npm registry through a TLS-inspecting egress proxy whose CA only the
# host trusts; the build stages' npm must trust it too. So the local base (never published)
# trusts what the machine trusts: the host's CA bundle, added to Node's own bundled CAs.
base_trust_machine_cas() {
  local tag="$1" bundle=/etc/ssl/certs/ca-certificates.crt context
  [ -f "$bundle" ] || return 0
  context="$(mktemp -d)"
  cp "$bundle" "$context/machine-cas.crt"
  printf '%s\n' "FROM $tag" \
    'COPY machine-cas.crt /etc/ssl/certs/machine-cas.crt' \
    'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/machine-cas.crt' >"$context/Dockerfile"
  docker build --quiet --tag "$tag" "$context"
  rm -rf "$context"
}

base_rootfs_make() {
  local tarball="$1" node_version="$2" arch="$3" work mirror
  command -v debootstrap >/dev/null 2>&1 || { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap; }
  mirror="$(debian_mirror)"
  work="$(mktemp -d "$IMAGES_CACHE/rootfs.XXXXXX")"
  echo "[base] debootstrap --variant=minbase $BASE_DEBIAN_SUITE from $mirror"
  debootstrap --variant=minbase "$BASE_DEBIAN_SUITE" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log"; return 1; }

  echo "[base] adding Node.js $node_version and npm $BASE_NPM_VERSION from the npm registry"
  npm install --prefix "$work/npm" --no-save --no-package-lock --loglevel=error \
    "node-linux-$arch@$node_version" "npm@$BASE_NPM_VERSION"
  install -m 0755 "$work/npm/node_modules/node-linux-$arch/bin/node" "$work/rootfs/usr/local/bin/node"
  mkdir -p "$work/rootfs/usr/local/lib/node_modules"
  cp -a "$work/npm/node_modules/npm" "$work/rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/local/bin/npx"

  # What an image needs no copy of: package lists, caches, docs, and the device nodes the engine
  # provides at run time.
  rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/* \
    "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* "$work/rootfs"/usr/share/info/*
  tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -C "$work/rootfs" -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
  rm -rf "$work"
}
