# Helpers of the cluster scripts.
step() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# version_at_least have want: true when have >= want (dotted numbers; a leading v is ignored).
version_at_least() {
  [ "$(printf '%s\n%s\n' "${2#v}" "${1#v}" | sort -V | head -n1)" = "${2#v}" ]
}

# require tool minimum version-command...: the tool exists and prints a version >= minimum.
require() {
  local tool="$1" minimum="$2"; shift 2
  command -v "$tool" >/dev/null || { echo "missing: $tool (need >= $minimum)"; return 1; }
  local have
  have="$("$@" 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1)"
  version_at_least "${have:-0.0.0}" "$minimum" || { echo "too old: $tool $have (need >= $minimum)"; return 1; }
  echo "found: $tool $have"
}
