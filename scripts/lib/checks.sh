# Sourced by the check scripts (scripts/charts/test.sh, scripts/security/secrets.sh):
# `check description command...` runs the command and prints `ok` or `FAIL` with the
# command's output indented beneath; `failures` counts the FAILs for the script's exit code.
failures=0

check() {
  local description="$1" output
  shift
  output="$(mktemp)"
  if "$@" >"$output" 2>&1; then
    echo "ok   $description"
  else
    echo "FAIL $description"
    sed 's/^/     /' "$output"
    failures=$((failures + 1))
  fi
  rm -f "$output"
}
