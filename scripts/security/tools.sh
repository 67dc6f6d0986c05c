#!/usr/bin/env bash
# Installs the security toolchain at the versions versions.sh pins: schemathesis into a Python
# virtual environment and gitleaks built from its Go module (this machine reaches PyPI and the
# Go module proxy, not GitHub releases). Idempotent: each tool lives in a directory named after
# its version, with a stamp written only once it installed completely.
#
# Source it, then call schemathesis_ensure (sets SCHEMATHESIS) or gitleaks_ensure (GITLEAKS).

_security_tools_init() {
  security_tools_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  # shellcheck source=versions.sh
  source "$security_tools_root/scripts/security/versions.sh"
  # shellcheck source=../lib/cache.sh
  source "$security_tools_root/scripts/lib/cache.sh"
  # shellcheck source=../lib/go-install.sh
  source "$security_tools_root/scripts/lib/go-install.sh"
}

schemathesis_ensure() {
  _security_tools_init
  local constraints="$security_tools_root/scripts/security/schemathesis-constraints.txt"
  # Named after the constraints too, so that changing a dependency's pin makes a new one.
  local venv
  venv="$SUMMER_TRIP_CACHE/schemathesis-$SCHEMATHESIS_VERSION-$(sha256sum "$constraints" | cut -c1-12)"
  if [ ! -f "$venv/.complete" ]; then
    echo "[security] installing schemathesis $SCHEMATHESIS_VERSION into $venv" >&2
    local python
    python="$(command -v python3.11 || command -v python3)" || { echo "python3 is required" >&2; return 1; }
    # Debian ships venv's pip bootstrap (ensurepip) apart from python3 itself.
    "$python" -c 'import ensurepip' 2>/dev/null ||
      node --input-type=module -e "(await import('$security_tools_root/scripts/stores/lib.mjs')).aptInstall(['python3-venv'])" ||
      return 1
    rm -rf "$venv"
    "$python" -m venv "$venv" &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check --constraint "$constraints" \
        "schemathesis==$SCHEMATHESIS_VERSION" &&
      touch "$venv/.complete" || return 1
  fi
  export SCHEMATHESIS="$venv/bin/schemathesis"
}

gitleaks_ensure() {
  _security_tools_init
  local dir="$SUMMER_TRIP_CACHE/gitleaks-$GITLEAKS_VERSION"
  # gitleaks' go.mod has no replace directives, so `go install` builds it as released; the
  # ldflag is the one its Makefile sets, so `gitleaks version` names the release.
  go_install_once security "$dir/.complete" "$dir" \
    -ldflags "-X=github.com/zricethezav/gitleaks/v8/version.Version=$GITLEAKS_VERSION" \
    "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION" || return 1
  export GITLEAKS="$dir/gitleaks"
}
