# Sourced by the shell scripts that start the API: `free_port` prints a port nobody listens on
# right now, on 127.0.0.1, found by the helper the Node scripts use. Its path is fixed here, while
# BASH_SOURCE is still valid relative to the working directory.
http_process_module="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/http-process.mjs"

free_port() {
  node --input-type=module -e 'console.log(await (await import(process.argv[1])).freePort())' "$http_process_module"
}
