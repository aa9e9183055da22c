# Sourced by the scripts that test over HTTP. Not run on its own.
#   start_http_server NAME COMMAND...  runs COMMAND (which must listen on a free port: --port 0) in the
#                                      background, waits until it names its http://127.0.0.1:PORT/mcp
#                                      URL on stdout or stderr, and leaves that URL in $url
#   stop_http_servers                  stops every server started so far (call it from an EXIT trap)
http_server_pids=()
http_server_logs=$(mktemp -d)

start_http_server() {
  local name=$1; shift
  "$@" >"$http_server_logs/$name.log" 2>&1 &
  http_server_pids+=("$!")
  for _ in $(seq 1 300); do
    # -s: the background command may not have opened its log yet.
    url=$(grep -soE 'http://127\.0\.0\.1:[0-9]+/mcp' "$http_server_logs/$name.log" | head -1 || true)
    [ -n "$url" ] && return 0
    kill -0 "${http_server_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "the $name server did not start:" >&2
  cat "$http_server_logs/$name.log" >&2
  return 1
}

stop_http_servers() {
  local pid
  for pid in "${http_server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  http_server_pids=()
  rm -rf "$http_server_logs"
}
