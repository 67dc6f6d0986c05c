# Pinned versions of the security toolchain. Sourced by the scripts beside it; bump a pin here
# and the next run installs the new version into its own cache directory.

# Newest schemathesis release on PyPI; its 4.x line has the `--mode all` (positive and
# negative) generation and the `--phases` / `--checks` options fuzz.sh relies on.
SCHEMATHESIS_VERSION=4.32.5
# Newest gitleaks v8 release on the Go module proxy; v8 has the `git` and `dir` subcommands.
GITLEAKS_VERSION=v8.30.1
