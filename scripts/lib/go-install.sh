# Sourced by the scripts that build tools from their Go modules (this machine reaches the Go
# module proxy, not GitHub releases). `go_install_once tag stamp bin [flags...] module@version`
# installs into bin unless the stamp is there; the stamp, not the binary, says it is done,
# because it names the version and is written only once the build succeeded.
go_install_once() {
  local tag="$1" stamp="$2" bin="$3"
  shift 3
  [ -f "$stamp" ] && return 0
  echo "[$tag] go install ${*: -1}" >&2
  mkdir -p "$bin" "$(dirname "$stamp")" &&
    GOBIN="$bin" GOFLAGS=-buildvcs=false go install "$@" &&
    touch "$stamp"
}
