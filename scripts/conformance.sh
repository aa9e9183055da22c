#!/usr/bin/env bash
# The official MCP conformance suite over streamable HTTP, for both revisions the server speaks:
#   2025-11-25 (active scenarios, initialize and sessions) and 2026-07-28 (--requirements 2026-07-28:
#   exactly what that revision requires, stateless, per-request _meta; unscored scenarios, the tasks
#   extension and the pending ones, run for the record and cannot fail the run). Each revision runs
#   1. against the fixture server (test scope, same HTTP wiring as production; ModernFixtures serves
#      2026-07-28): every scored scenario must pass;
#   2. against the real server (--mock-emqx): every scored scenario must pass except those that call
#      the suite's fixture names, which scripts/conformance-real-server.yml and
#      conformance-real-server-2026-07-28.yml list (the suite fails on a stale entry too).
# Builds nothing: it needs the built jar and test classes (./mvnw -B verify), and Node (npx fetches Node 22
# and the suite, which needs Node >= 22). Each server listens on a free port and is always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/emqx-mcp-server.jar}
SUITE=${CONFORMANCE:-@modelcontextprotocol/conformance@0.2.0-alpha.12}
SPEC=2025-11-25
[ -f "$JAR" ] && [ -d target/test-classes ] || {
  echo "conformance: $JAR or target/test-classes is missing; build first with ./mvnw -B verify" >&2; exit 1; }

# shellcheck source=scripts/http-server.sh
source scripts/http-server.sh
trap stop_http_servers EXIT

suite() {
  # npx needs -y: this machine's ~/.npmrc says yes=false.
  npx -y -p node@22 -p "$SUITE" conformance server --url "$@"
}
timed() {
  local started=$SECONDS
  "$@"
  echo "(conformance: $((SECONDS - started)) s)"
}

start_http_server fixtures java -cp "$JAR:target/test-classes" io.emqx.mcp.conformance.ConformanceServer 0
echo "== conformance $SPEC: fixture server at $url"
timed suite "$url" --spec-version "$SPEC"
echo "== conformance 2026-07-28 (requirements): fixture server at $url"
timed suite "$url" --requirements 2026-07-28

start_http_server real java -jar "$JAR" --mock-emqx --transport http --port 0
echo "== conformance $SPEC: real server at $url (fixture-dependent scenarios expected to fail)"
timed suite "$url" --spec-version "$SPEC" --expected-failures scripts/conformance-real-server.yml
echo "== conformance 2026-07-28 (requirements): real server at $url (fixture-dependent scenarios expected to fail)"
timed suite "$url" --requirements 2026-07-28 --expected-failures scripts/conformance-real-server-2026-07-28.yml

echo "conformance: all four runs passed"
