#!/usr/bin/env bash
# Real MCP clients of both protocol eras against the built server (--mock-emqx, destructive calls
# confirmed, the demo MQTT broker), over stdio (the jar) and over streamable HTTP (a free port):
#   - the TypeScript SDK 2.x client (@modelcontextprotocol/client) pinned to 2026-07-28: the modern
#     era only (server/discover, no initialize, no Mcp-Session-Id), no fallback;
#   - the same client in auto mode, which must settle on the modern era too;
#   - the 1.x SDK (@modelcontextprotocol/sdk): the legacy era (initialize, 2025-11-25).
# Each session calls every tool, confirming the destructive ones (MRTR in the modern era, an
# elicitation request in the legacy one), reads every resource and gets every prompt
# (scripts/clients/check.mjs says exactly what it checks). Then the MCP inspector 2.12.0 CLI in
# the modern era (its default, legacy, is scripts/smoke-inspector.sh's).
# Versions are pinned in scripts/clients/package.json and package-lock.json, installed with npm ci
# into target/clients (kept while the lock file is unchanged). Needs the built jar, the test
# classes (the demo broker) and Node >= 20; npx fetches the inspector.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/emqx-mcp-server.jar}
INSPECTOR=${INSPECTOR:-@modelcontextprotocol/inspector@2.12.0}
[ -f "$JAR" ] && [ -d target/test-classes ] || {
  echo "clients: $JAR or target/test-classes is missing; build first with ./mvnw -B verify" >&2; exit 1; }
# npx needs -y: this machine's ~/.npmrc says yes=false. It is asked once for the inspector's command,
# which then starts directly (npx costs about a second of CPU per start).
INSPECTOR_CMD=$(npx -y --package="$INSPECTOR" -c 'command -v mcp-inspector') ||
  { echo "$(basename "$0"): npx could not fetch $INSPECTOR" >&2; exit 1; }

work=target/clients
if ! cmp -s scripts/clients/package-lock.json "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  rm -rf "$work" && mkdir -p "$work"
  cp scripts/clients/package.json scripts/clients/package-lock.json "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp scripts/clients/*.mjs "$work/"

tmp=$(mktemp -d)
# shellcheck source=scripts/http-server.sh
source scripts/http-server.sh
broker_pid=
issuer_pid=
cleanup() {
  stop_http_servers
  [ -z "$broker_pid" ] || kill "$broker_pid" 2>/dev/null || true
  [ -z "$issuer_pid" ] || kill "$issuer_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The demo MQTT broker (the tests' embedded HiveMQ CE with a small plant) for mqtt_subscribe/mqtt_query.
mqtt_port=$((20000 + RANDOM % 20000))
bash scripts/demo-broker.sh "$mqtt_port" >"$tmp/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 120); do grep -qs "demo broker ready" "$tmp/broker.log" && break; sleep 1; done
grep -q "demo broker ready" "$tmp/broker.log" || { echo "clients: the demo broker did not start:" >&2; tail -20 "$tmp/broker.log" >&2; exit 1; }
export EMQX_MQTT_URL=tcp://127.0.0.1:$mqtt_port

# Destructive tools ask the user first; the audit log goes to a file per session, checked below.
printf 'mcp.confirm-destructive = true\n' >"$tmp/confirm.conf"
# The launcher, as Claude Desktop users start it (its class-data archive, when the build made one).
export EMQX_MCP_JAR=$JAR
SERVER=(bin/emqx-mcp-server --mock-emqx --config "$tmp/confirm.conf")
failures=0
session() {
  # session SDK TRANSPORT: one client session (check.mjs) against a fresh server.
  local sdk=$1 transport=$2 rc=0 audit="$tmp/audit-$1-$2.log"
  local started=$SECONDS
  if [ "$transport" = stdio ]; then
    EMQX_MCP_AUDIT_LOG=$audit node "$work/check.mjs" "$sdk" stdio "${SERVER[@]}" || rc=$?
  else
    start_http_server "$sdk" env EMQX_MCP_AUDIT_LOG="$audit" "${SERVER[@]}" --transport http --port 0
    node "$work/check.mjs" "$sdk" http "$url" || rc=$?
    stop_http_servers
    http_server_logs=$(mktemp -d)  # stop_http_servers removed the last one
  fi
  # Every confirmed destructive call was executed once, and audited with an intent and an outcome.
  if [ "$rc" = 0 ] && ! grep -q '"tool":"kick_mqtt_client".*"outcome":"executed"' "$audit"; then
    echo "FAIL $sdk/$transport: the audit log has no executed kick_mqtt_client" >&2
    rc=1
  fi
  if [ "$rc" != 0 ]; then
    echo "FAIL: the $sdk client over $transport" >&2
    failures=$((failures + 1))
  fi
  echo "($sdk/$transport: $((SECONDS - started)) s)"
}
for transport in stdio http; do
  for sdk in modern auto legacy; do
    session "$sdk" "$transport"
  done
done

# A team config (docs/identity.md): two named bearer tokens from environment variables, as the docs
# say, and an OAuth issuer (scripts/clients/issuer.mjs: a local one with Node's crypto, its
# discovery and JWKS on loopback, RS256 tokens with Keycloak's realm_access.roles). A viewer sees
# only read-only tools and is refused a kick, an operator publishes but may not kick, an admin
# kicks: named tokens in both eras through the SDKs, a token of each kind through the inspector;
# one server.
cat >"$tmp/tokens.conf" <<'EOF'
mcp.http.tokens {
  grafana { token = ${?CLIENTS_VIEWER_TOKEN}, role = viewer }
  oncall  { token = ${?CLIENTS_ADMIN_TOKEN}, role = admin }
}
mcp.http.oauth {
  issuer = ${?CLIENTS_ISSUER}
  audience = "emqx-mcp-clients"
  jwks-url = ${?CLIENTS_JWKS}
  roles-claim = "realm_access.roles"
  role-mapping { "mqtt-viewer" = viewer, "mqtt-operator" = operator, "mqtt-admin" = admin }
}
EOF
started=$SECONDS
node "$work/issuer.mjs" emqx-mcp-clients mqtt-viewer mqtt-operator mqtt-admin >"$tmp/issuer.json" 2>"$tmp/issuer.err" &
issuer_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/issuer.json" ] && break; sleep 0.1; done
issuer_field() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(process.argv[2].split(".").reduce((o, k) => o[k], j))' "$tmp/issuer.json" "$1"; }
issuer=$(issuer_field issuer) || { echo "clients: the local issuer did not start: $(cat "$tmp/issuer.err")" >&2; exit 1; }
viewer_jwt=$(issuer_field tokens.mqtt-viewer)
operator_jwt=$(issuer_field tokens.mqtt-operator)
admin_jwt=$(issuer_field tokens.mqtt-admin)
viewer_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
admin_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
start_http_server bearer env CLIENTS_VIEWER_TOKEN="$viewer_token" CLIENTS_ADMIN_TOKEN="$admin_token" \
  CLIENTS_ISSUER="$issuer" CLIENTS_JWKS="$issuer/jwks" \
  EMQX_MCP_AUDIT_LOG="$tmp/audit-bearer.log" java -jar "$JAR" --mock-emqx --config "$tmp/tokens.conf" --transport http --port 0
for sdk in modern legacy; do
  node "$work/bearer.mjs" "$sdk" "$url" "$viewer_token" "$admin_token" || { echo "FAIL: bearer/$sdk" >&2; failures=$((failures + 1)); }
done
if ! grep -q '"tool":"kick_mqtt_client".*"caller":{"kind":"token","name":"oncall"' "$tmp/audit-bearer.log"; then
  echo "FAIL bearer: the audit log does not name the caller oncall" >&2; failures=$((failures + 1))
fi
# The inspector CLI (its default era) with each named token: the viewer's tools/list has no
# broker-changing tool, the admin's call goes through (what the admin lists, bearer.mjs checked in
# both eras: one inspector call less pays for the OAuth ones below).
bearer_inspect() {
  # bearer_inspect TOKEN -- inspector arguments...: prints the inspector's output, or FAIL.
  local token=$1 rc=0
  shift 2
  MCP_INSPECTOR_SECRET_STORE=memory timeout 120 "$INSPECTOR_CMD" --cli --connect-timeout 60000 \
    --transport http --server-url "$url" --header "Authorization: Bearer $token" "$@" 2>/dev/null || rc=$?
  [ "$rc" = 0 ] || echo "FAIL: the inspector exited $rc"
}
viewer_list=$(bearer_inspect "$viewer_token" -- --method tools/list)
admin_call=$(bearer_inspect "$admin_token" -- --method tools/call --tool-name get_client --tool-arg clientid=sensor-42)
if grep -qF '"name": "list_clients"' <<<"$viewer_list" && ! grep -qF '"name": "kick_mqtt_client"' <<<"$viewer_list" \
    && grep -qF '"clientid": "sensor-42"' <<<"$admin_call"; then
  echo "ok bearer/inspector: the viewer's tools/list is read-only, the admin's call answers"
else
  echo "FAIL bearer/inspector: viewer $(head -c 300 <<<"$viewer_list") / admin's call $(head -c 300 <<<"$admin_call")" >&2
  failures=$((failures + 1))
fi
# The same inspector with the issuer's access tokens, side by side (each call is mostly npx and Node
# starting): the viewer's tools/list has no broker-changing tool, the operator publishes, the
# admin's kick runs. The inspector will not call a tool it was not listed, so a refusal by role is
# asked for by hand: one 2026-07-28 request each (curl), FORBIDDEN_BY_ROLE for the viewer's and the
# operator's kick.
jwt_inspect() {
  # jwt_inspect NAME TOKEN inspector arguments...: the inspector's output and errors in $tmp/jwt-NAME.
  local name=$1 token=$2 run=(npx -y "$INSPECTOR")
  shift 2
  # The inspector's own command when the script asked npx for it once (a second of CPU less a call).
  [ -z "${INSPECTOR_CMD:-}" ] || run=("$INSPECTOR_CMD")
  MCP_INSPECTOR_SECRET_STORE=memory timeout 120 "${run[@]}" --cli --connect-timeout 60000 \
    --transport http --server-url "$url" --header "Authorization: Bearer $token" "$@" >"$tmp/jwt-$name" 2>&1 || true
}
jwt_kick() {
  # jwt_kick NAME TOKEN: a kick of sensor-42 as one 2026-07-28 request; the answer in $tmp/jwt-NAME.
  curl -s --max-time 60 -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' \
    -H 'Mcp-Method: tools/call' -H 'Mcp-Name: kick_mqtt_client' \
    -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"kick_mqtt_client","arguments":{"clientid":"sensor-42"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"clients.sh","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}' \
    "$url" >"$tmp/jwt-$1" 2>&1 || true
}
oauth_started=$SECONDS
jwt_kick viewer-kick "$viewer_jwt"
jwt_kick operator-kick "$operator_jwt"
jwt_calls=()
jwt_inspect viewer-list "$viewer_jwt" --method tools/list & jwt_calls+=($!)
jwt_inspect operator-publish "$operator_jwt" --method tools/call --tool-name publish_message --tool-arg topic=clients/oauth payload=hi & jwt_calls+=($!)
jwt_inspect admin-kick "$admin_jwt" --method tools/call --tool-name kick_mqtt_client --tool-arg clientid=sensor-42 & jwt_calls+=($!)
wait "${jwt_calls[@]}"
if grep -qF '"name": "list_clients"' "$tmp/jwt-viewer-list" && ! grep -qF '"name": "publish_message"' "$tmp/jwt-viewer-list" \
    && grep -qF 'FORBIDDEN_BY_ROLE' "$tmp/jwt-viewer-kick" && grep -qF 'FORBIDDEN_BY_ROLE' "$tmp/jwt-operator-kick" \
    && grep -qF '"isError": false' "$tmp/jwt-operator-publish" && grep -qF '"isError": false' "$tmp/jwt-admin-kick" \
    && grep -q '"tool":"kick_mqtt_client".*"caller":{"kind":"oauth","name":"clients-mqtt-admin","issuer":"'"$issuer"'"' "$tmp/audit-bearer.log"; then
  echo "ok oauth/inspector: the viewer's JWT lists read-only tools, the operator's publishes, the admin's kicks; the viewer's and operator's kicks are refused by role ($((SECONDS - oauth_started)) s)"
else
  for f in viewer-list viewer-kick operator-publish operator-kick admin-kick; do
    echo "FAIL oauth/inspector $f: $(head -c 400 "$tmp/jwt-$f")" >&2
  done
  failures=$((failures + 1))
fi
if grep -qF -e "$viewer_token" -e "$admin_token" -e "$viewer_jwt" -e "$operator_jwt" -e "$admin_jwt" \
    "$tmp/audit-bearer.log" "$http_server_logs/bearer.log"; then
  echo "FAIL bearer: a token appears in the audit or server log" >&2; failures=$((failures + 1))
fi
stop_http_servers
kill "$issuer_pid" 2>/dev/null || true
http_server_logs=$(mktemp -d)
echo "(bearer: $((SECONDS - started)) s)"

# The inspector CLI in the modern era, from an mcp.json entry with "protocolEra": "modern" (it pins
# 2026-07-28: no fallback), over stdio and HTTP. Its default (legacy) era is scripts/smoke-inspector.sh's.
start_http_server inspected env EMQX_MCP_AUDIT_LOG=off java -jar "$JAR" --mock-emqx --transport http --port 0
cat >"$tmp/mcp.json" <<EOF
{
  "mcpServers": {
    "stdio": {"command": "$PWD/bin/emqx-mcp-server", "args": ["--mock-emqx"],
      "env": {"EMQX_MCP_JAR": "$PWD/$JAR", "EMQX_MCP_AUDIT_LOG": "off"}, "protocolEra": "modern"},
    "http": {"type": "streamable-http", "url": "$url", "protocolEra": "modern"}
  }
}
EOF
inspect() {
  # inspect NEEDLE ARGS...: one inspector CLI call that must exit 0 within 2 minutes and print NEEDLE.
  local needle=$1 rc=0
  shift
  # No secrets here, so no keychain either.
  MCP_INSPECTOR_SECRET_STORE=memory timeout 120 "$INSPECTOR_CMD" --cli --connect-timeout 60000 "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" = 0 ] && grep -qF -- "$needle" "$tmp/out"; then
    echo "ok inspector/modern/$server: ${*:5}"
  else
    echo "FAIL inspector/modern/$server (exit $rc, wanted '$needle'): $*" >&2
    head -c 2000 "$tmp/out" >&2; grep -v '^\[main\] INFO' "$tmp/err" | head -c 2000 >&2; echo >&2
    failures=$((failures + 1))
  fi
}
for server in stdio http; do
  started=$SECONDS
  cfg=(--config "$tmp/mcp.json" --server "$server")
  inspect '"name": "kick_mqtt_client"' "${cfg[@]}" --method tools/list
  inspect '"clientid": "sensor-42"' "${cfg[@]}" --method tools/call --tool-name get_client --tool-arg clientid=sensor-42
  if [ "$server" = http ]; then  # over stdio each call starts a server: these two over HTTP only
    inspect 'running_nodes' "${cfg[@]}" --method resources/read --uri emqx://cluster/overview
    inspect 'get_cluster_health' "${cfg[@]}" --method prompts/get --prompt-name cluster_health_check
  fi
  echo "(inspector/modern/$server: $((SECONDS - started)) s)"
done

if [ "$failures" -gt 0 ]; then
  echo "clients: $failures failure(s)" >&2
  exit 1
fi
echo "clients: every client passed"
