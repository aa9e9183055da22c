#!/usr/bin/env bash
# The official MCP conformance suite (spec 2025-11-25, active scenarios), run twice over streamable HTTP:
#   1. against the fixture server (test scope, same HTTP wiring as production): every scenario must pass;
#   2. against the real server (--mock-emqx): every scenario must pass except those that call the suite's
#      fixture names, which scripts/conformance-real-server.yml lists (the suite fails on a stale entry too).
# Builds nothing: it needs the built jar and test classes (./mvnw -B verify), and Node (npx fetches Node 22
# and the suite, which needs Node >= 22). Each server listens on a free port and is always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/emqx-mcp-server.jar}
SUITE=${CONFORMANCE:-@modelcontextprotocol/conformance@0.2.0-alpha.12}
SPEC=2025-11-25
[ -f "$JAR" ] && [ -d target/test-classes ] || {
  echo "conformance: $JAR or target/test-classes is missing; build first with ./mvnw -B verify" >&2; exit 1; }

work=$(mktemp -d)
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_all EXIT

# serve NAME COMMAND...: starts a server on a free port (its command takes port 0), waits until it
# names its /mcp URL on stdout or stderr, and leaves that URL in $url.
serve() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 300); do
    url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/mcp' "$work/$name.log" | head -1 || true)
    [ -n "$url" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "conformance: the $name server did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

suite() {
  # npx needs -y: this machine's ~/.npmrc says yes=false.
  npx -y -p node@22 -p "$SUITE" conformance server --url "$1" --spec-version "$SPEC" "${@:2}"
}

serve fixtures java -cp "$JAR:target/test-classes" io.emqx.mcp.conformance.ConformanceServer 0
echo "== conformance: fixture server at $url"
suite "$url"

serve real java -jar "$JAR" --mock-emqx --transport http --port 0
echo "== conformance: real server at $url (fixture-dependent scenarios expected to fail)"
suite "$url" --expected-failures scripts/conformance-real-server.yml

echo "conformance: both runs passed"
