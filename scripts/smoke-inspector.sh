#!/usr/bin/env bash
# Smoke test through the official MCP inspector CLI: lists the tools and calls each of them
# against the built-in fake EMQX (--mock-emqx), as a user would. Fails on any error.
# Needs the built jar (./mvnw -B verify or ./mvnw -B package) and Node (npx fetches the inspector).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/emqx-mcp-server.jar}
INSPECTOR=${INSPECTOR:-@modelcontextprotocol/inspector@2.12.0}
[ -f "$JAR" ] || { echo "smoke: $JAR is missing; build it first with ./mvnw -B package" >&2; exit 1; }

failures=0
out=$(mktemp)
audit=$(mktemp)
trap 'rm -f "$out" "$audit"' EXIT

# The server the inspector talks to: the jar over stdio, unless set to an HTTP one (see the end).
# Its audit log goes to a temporary file that the end of the script checks.
SERVER=(-e "EMQX_MCP_AUDIT_LOG=$audit" -- java -jar "$JAR" --mock-emqx)

# inspect EXPECTED_EXIT MUST_CONTAIN -- inspector arguments...
inspect() {
  local want_rc=$1 needle=$2
  shift 3
  local rc=0
  # npx needs -y: this machine's ~/.npmrc says yes=false. Server stderr goes to our stderr.
  npx -y "$INSPECTOR" --cli "$@" "${SERVER[@]}" >"$out" 2>/dev/null || rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$needle" "$out"; then
    echo "FAIL: $* (exit $rc, wanted $want_rc and '$needle')" >&2
    head -c 2000 "$out" >&2; echo >&2
    failures=$((failures + 1))
  else
    echo "ok: $*"
  fi
}

inspect 0 '"name": "list_clients"' -- --method tools/list
for tool in list_clients get_client kick_mqtt_client publish_message; do
  grep -qF "\"name\": \"$tool\"" "$out" || { echo "FAIL: tools/list lacks $tool" >&2; failures=$((failures + 1)); }
done

inspect 0 '"clientid": "sensor-42"' -- --method tools/call --tool-name list_clients --tool-arg limit=5
inspect 0 '"count"' -- --method tools/call --tool-name list_clients --tool-arg conn_state=connected
inspect 0 '"clientid": "plant/line-1/plc"' -- --method tools/call --tool-name get_client --tool-arg clientid=plant/line-1/plc
inspect 0 '"disconnected": true' -- --method tools/call --tool-name kick_mqtt_client --tool-arg clientid=kiosk-lobby
inspect 0 '"delivered": true' -- --method tools/call --tool-name publish_message --tool-arg topic=devices/sensor-42/cmd payload=reboot qos=1
inspect 0 '"reason": "no_matching_subscribers"' -- --method tools/call --tool-name publish_message --tool-arg topic=devices/sensor-42/commands payload=reboot
# Error paths answer isError (the inspector exits 5) with the contract's codes.
inspect 5 'CLIENT_NOT_FOUND' -- --method tools/call --tool-name get_client --tool-arg clientid=no-such-client
inspect 5 'INVALID_ARGUMENT' -- --method tools/call --tool-name publish_message --tool-arg topic=a/+ payload=x

# The broker-changing calls above each left one audit line (the kick, two publishes, the refused publish).
lines=$(wc -l <"$audit")
if [ "$lines" -ne 4 ] || ! grep -q '"outcome":"refused"' "$audit"; then
  echo "FAIL: expected 4 audit lines with one refusal, got $lines:" >&2; cat "$audit" >&2
  failures=$((failures + 1))
else
  echo "ok: audit log has $lines lines"
fi
# The same server over HTTP (--transport http): streamable HTTP at /mcp and legacy SSE at /sse.
# shellcheck source=scripts/http-server.sh
source scripts/http-server.sh
trap 'rm -f "$out" "$audit"; stop_http_servers' EXIT
start_http_server smoke env EMQX_MCP_AUDIT_LOG=off java -jar "$JAR" --mock-emqx --transport http --port 0
for target in "--transport http --server-url $url" "--transport sse --server-url ${url%/mcp}/sse"; do
  read -ra SERVER <<<"$target"
  echo "over HTTP: $target"
  inspect 0 '"name": "kick_mqtt_client"' -- --method tools/list
  inspect 0 '"clientid": "sensor-42"' -- --method tools/call --tool-name get_client --tool-arg clientid=sensor-42
  inspect 5 'CLIENT_NOT_FOUND' -- --method tools/call --tool-name get_client --tool-arg clientid=no-such-client
done

if [ "$failures" -gt 0 ]; then
  echo "smoke: $failures failure(s)" >&2
  exit 1
fi
echo "smoke: all inspector checks passed"
