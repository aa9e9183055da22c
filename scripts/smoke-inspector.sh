#!/usr/bin/env bash
# Smoke test through the official MCP inspector CLI: lists the tools and calls each of them
# against the built-in fake EMQX (--mock-emqx), as a user would. Fails on any error.
# Needs the built jar (./mvnw -B verify or ./mvnw -B package) and Node (npx fetches the inspector).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-target/emqx-mcp-server.jar}
INSPECTOR=${INSPECTOR:-@modelcontextprotocol/inspector@2.12.0}
[ -f "$JAR" ] || { echo "smoke: $JAR is missing; build it first with ./mvnw -B package" >&2; exit 1; }
# npx needs -y: this machine's ~/.npmrc says yes=false. It is asked once for the inspector's command,
# which then starts directly: npx costs about a second of CPU per start, over 80 starts here.
INSPECTOR_CMD=$(npx -y --package="$INSPECTOR" -c 'command -v mcp-inspector') ||
  { echo "$(basename "$0"): npx could not fetch $INSPECTOR" >&2; exit 1; }

failures=0
out=$(mktemp)
audit=$(mktemp)
trap 'rm -f "$out" "$audit"' EXIT

# The server the inspector talks to: the jar over stdio, unless set to an HTTP one (see the end).
# Its audit log goes to a temporary file that the end of the script checks. Every toolset is on, so
# that every tool can be called; the default toolsets are checked once, right below. It starts
# through the launcher, as Claude Desktop users start it (with the class-data archive the build
# trained; the plain jar is the end-to-end tests' JarStdioIT).
LAUNCH=(-e "EMQX_MCP_JAR=$JAR" -- bin/emqx-mcp-server --mock-emqx)
SERVER=(-e "EMQX_MCP_AUDIT_LOG=$audit" -e "EMQX_MCP_TOOLSETS=all" "${LAUNCH[@]}")

# inspect EXPECTED_EXIT MUST_CONTAIN -- inspector arguments...
inspect() {
  local want_rc=$1 needle=$2
  shift 3
  local rc=0
  # Server stderr goes to our stderr. The inspector gives an ad-hoc server 15 s to connect by default; a JVM start on a loaded 2-core box
  # took longer (exit 4, twice in a row), hence 60 s.
  "$INSPECTOR_CMD" --cli --connect-timeout 60000 "$@" "${SERVER[@]}" >"$out" 2>/dev/null || rc=$?
  if [ "$rc" = 4 ]; then
    # 4: the inspector could not reach the server process at all (seen once in ~45 runs on a loaded
    # box, never twice in a row); one retry keeps CI honest about real failures.
    rc=0
    "$INSPECTOR_CMD" --cli --connect-timeout 60000 "$@" "${SERVER[@]}" >"$out" 2>/dev/null || rc=$?
  fi
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$needle" "$out"; then
    echo "FAIL: $* (exit $rc, wanted $want_rc and '$needle')" >&2
    head -c 2000 "$out" >&2; echo >&2
    failures=$((failures + 1))
  else
    echo "ok: $*"
  fi
}

# The default toolsets: what the README's tasks and the prompts need, without the MQTT tools. (A
# second -e of the same variable would not override SERVER's, so this one check has its own server.)
ALL_TOOLSETS=("${SERVER[@]}")
SERVER=(-e "EMQX_MCP_AUDIT_LOG=$audit" "${LAUNCH[@]}")
inspect 0 '"name": "diagnose_client"' -- --method tools/list
if grep -qF '"name": "mqtt_subscribe"' "$out"; then
  echo "FAIL: the default toolsets offer mqtt_subscribe" >&2
  failures=$((failures + 1))
fi
SERVER=("${ALL_TOOLSETS[@]}")

inspect 0 '"name": "list_clients"' -- --method tools/list
for tool in list_clients get_client kick_mqtt_client publish_message mqtt_subscribe mqtt_query; do
  grep -qF "\"name\": \"$tool\"" "$out" || { echo "FAIL: tools/list lacks $tool" >&2; failures=$((failures + 1)); }
done
for tool in list_client_subscriptions subscribe_client unsubscribe_client list_subscriptions list_topics \
    publish_messages list_retained_messages get_retained_message delete_retained_message list_banned ban_client \
    unban_client list_nodes get_node get_stats get_metrics list_alarms list_listeners list_rules get_rule \
    get_cluster_health diagnose_client kick_clients list_authn_sources list_authz_sources get_client_authz_cache \
    clear_authz_cache start_trace list_traces get_trace_log stop_trace delete_trace list_slow_subscriptions \
    get_topic_metrics track_topic_metrics untrack_topic_metrics get_cluster_rates list_client_mqueue \
    list_client_inflight list_delayed_messages delete_delayed_message list_connectors list_actions list_sources \
    set_rule_enabled; do
  grep -qF "\"name\": \"$tool\"" "$out" || { echo "FAIL: tools/list lacks $tool" >&2; failures=$((failures + 1)); }
done

inspect 0 '"clientid": "sensor-42"' -- --method tools/call --tool-name list_clients --tool-arg limit=5
inspect 0 '"count"' -- --method tools/call --tool-name list_clients --tool-arg conn_state=connected
inspect 0 '"clientid": "plant/line-1/plc"' -- --method tools/call --tool-name get_client --tool-arg clientid=plant/line-1/plc
inspect 0 '"disconnected": true' -- --method tools/call --tool-name kick_mqtt_client --tool-arg clientid=kiosk-lobby
inspect 0 '"delivered": true' -- --method tools/call --tool-name publish_message --tool-arg topic=devices/sensor-42/cmd payload=reboot qos=1
inspect 0 '"reason": "no_matching_subscribers"' -- --method tools/call --tool-name publish_message --tool-arg topic=devices/sensor-42/commands payload=reboot
# Resources, the template and prompts.
inspect 0 '"uri": "emqx://cluster/overview"' -- --method resources/list
# (resources/templates/list and prompts/list are checked through the SDK client in ResourcesPromptsTest.)
inspect 0 'running_nodes' -- --method resources/read --uri emqx://cluster/overview
inspect 0 'restricted' -- --method resources/read --uri emqx://topics/policy
inspect 0 'plant/line-1/plc' -- --method resources/read --uri emqx://clients/plant%2Fline-1%2Fplc
inspect 0 'diagnose_client with clientid' -- --method prompts/get --prompt-name diagnose_client --prompt-args clientid=sensor-42 topic=devices/sensor-42/commands
inspect 0 'get_cluster_health' -- --method prompts/get --prompt-name cluster_health_check
# The inspector CLI has no completion/complete: send it as raw JSON-RPC over stdio.
completion=$(printf '%s\n' \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":2,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"diagnose_client"},"argument":{"name":"clientid","value":"sensor"}}}' \
  | EMQX_MCP_AUDIT_LOG=off java -jar "$JAR" --mock-emqx 2>/dev/null || true)
if grep -qF '"values":["sensor-17","sensor-42"]' <<<"$completion"; then
  echo "ok: completion/complete diagnose_client clientid=sensor"
else
  echo "FAIL: completion/complete: $completion" >&2
  failures=$((failures + 1))
fi

# The rest of the admin surface, one call per tool in order against ONE server over streamable HTTP
# (one JVM: a stdio call starts a JVM each, which took CI past 15 minutes with 53 tools). The calls
# share the fake's state, so the order matters where one changes what a later one sees.
# shellcheck source=scripts/http-server.sh
source scripts/http-server.sh
trap 'rm -f "$out" "$audit"; stop_http_servers' EXIT
start_http_server admin env EMQX_MCP_AUDIT_LOG="$audit" EMQX_MCP_TOOLSETS=all java -jar "$JAR" --mock-emqx --transport http --port 0
STDIO_SERVER=("${SERVER[@]}")
SERVER=(--transport http --server-url "$url")
echo "over HTTP (every toolset): $url"
inspect 0 '"not_delivered": 1' -- --method tools/call --tool-name publish_messages --tool-arg 'messages=[{"topic":"devices/sensor-42/cmd","payload":"a"},{"topic":"devices/sensor-42/commands","payload":"b"}]'
inspect 0 '"closest": "devices/sensor-42/cmd"' -- --method tools/call --tool-name diagnose_client --tool-arg clientid=sensor-42 topic=devices/sensor-42/commands
inspect 0 '"topic": "devices/sensor-42/cmd"' -- --method tools/call --tool-name list_client_subscriptions --tool-arg clientid=sensor-42
inspect 0 '"node": "emqx@10.0.0.11"' -- --method tools/call --tool-name subscribe_client --tool-arg clientid=sensor-42 topic=devices/sensor-42/commands qos=1
inspect 0 '"unsubscribed": true' -- --method tools/call --tool-name unsubscribe_client --tool-arg clientid=sensor-42 topic=devices/sensor-42/cmd
inspect 0 '"worker-2"' -- --method tools/call --tool-name list_subscriptions --tool-arg 'topic=$share/workers/jobs/#'
inspect 0 '"devices/+/telemetry"' -- --method tools/call --tool-name list_topics --tool-arg limit=50
inspect 0 '"devices/sensor-42/config"' -- --method tools/call --tool-name list_retained_messages --tool-arg topic=devices/+/config
inspect 0 '"payload_encoding": "plain"' -- --method tools/call --tool-name get_retained_message --tool-arg topic=devices/sensor-42/config
inspect 0 '"deleted": true' -- --method tools/call --tool-name delete_retained_message --tool-arg topic=plant/line-1/status
inspect 0 '"rogue-device-13"' -- --method tools/call --tool-name list_banned
inspect 0 '"by": "emqx-mcp-server"' -- --method tools/call --tool-name ban_client --tool-arg as=clientid who=kiosk-lobby duration_seconds=600
inspect 0 '"unbanned": true' -- --method tools/call --tool-name unban_client --tool-arg as=clientid who=rogue-device-13
inspect 0 '"node_status": "stopped"' -- --method tools/call --tool-name list_nodes
inspect 0 '"memory_used_percent": 73.6' -- --method tools/call --tool-name get_node --tool-arg node=emqx@10.0.0.11
inspect 0 '"connections.count"' -- --method tools/call --tool-name get_stats --tool-arg aggregate=true
inspect 0 '"delivery.dropped.queue_full"' -- --method tools/call --tool-name get_metrics --tool-arg prefix=delivery.dropped aggregate=true
inspect 0 '"high_system_memory_usage"' -- --method tools/call --tool-name list_alarms
inspect 0 '"tcp:default"' -- --method tools/call --tool-name list_listeners
inspect 0 '"legacy_meter_bridge"' -- --method tools/call --tool-name list_rules
inspect 0 '"actions.failed": 18322' -- --method tools/call --tool-name get_rule --tool-arg id=telemetry_archive
inspect 0 '"verdict": "degraded"' -- --method tools/call --tool-name get_cluster_health
inspect 0 '"requested": 2' -- --method tools/call --tool-name kick_clients --tool-arg 'clientids=["sensor-17","worker-1"]'
inspect 0 '"inconsistent"' -- --method tools/call --tool-name list_authn_sources
inspect 0 '"built_in_database"' -- --method tools/call --tool-name list_authz_sources
inspect 0 '"devices/sensor-42/telemetry"' -- --method tools/call --tool-name get_client_authz_cache --tool-arg clientid=sensor-42
inspect 0 '"scope": "cluster"' -- --method tools/call --tool-name clear_authz_cache
inspect 0 '"status": "running"' -- --method tools/call --tool-name start_trace --tool-arg name=smoke clientid=sensor-42 duration_seconds=60
inspect 0 '"sensor42-debug"' -- --method tools/call --tool-name list_traces
inspect 0 '"truncated": true' -- --method tools/call --tool-name get_trace_log --tool-arg name=sensor42-debug bytes=1024
inspect 0 '"name": "sensor42-debug"' -- --method tools/call --tool-name stop_trace --tool-arg name=sensor42-debug
inspect 0 '"name": "sensor42-debug"' -- --method tools/call --tool-name delete_trace --tool-arg name=sensor42-debug
inspect 0 '"threshold": "500ms"' -- --method tools/call --tool-name list_slow_subscriptions
inspect 0 '98211' -- --method tools/call --tool-name get_topic_metrics
inspect 0 '"topic": "smoke/topic"' -- --method tools/call --tool-name track_topic_metrics --tool-arg topic=smoke/topic
inspect 0 '"untracked": true' -- --method tools/call --tool-name untrack_topic_metrics --tool-arg topic=devices/sensor-42/telemetry
inspect 0 '"received_msg_rate": 52' -- --method tools/call --tool-name get_cluster_rates
inspect 0 '"mqueue_priority"' -- --method tools/call --tool-name list_client_mqueue --tool-arg clientid=truck-0815 limit=5
inspect 0 '"inserted_at"' -- --method tools/call --tool-name list_client_inflight --tool-arg clientid=sensor-42 limit=5
inspect 0 '"fleet/truck-0815/dispatch"' -- --method tools/call --tool-name list_delayed_messages
inspect 0 '"deleted": true' -- --method tools/call --tool-name delete_delayed_message --tool-arg node=emqx@10.0.0.11 msgid=0006452B0F1C6F2AF4420100C4F30000
inspect 0 '"telemetry_store"' -- --method tools/call --tool-name list_connectors
inspect 0 '"http:telemetry_store"' -- --method tools/call --tool-name list_actions
inspect 0 '"cloud_commands"' -- --method tools/call --tool-name list_sources
inspect 0 '"was": true' -- --method tools/call --tool-name set_rule_enabled --tool-arg id=telemetry_archive enable=false
stop_http_servers
SERVER=("${STDIO_SERVER[@]}")

# Error paths answer isError (the inspector exits 5) with the contract's codes.
inspect 5 'CLIENT_NOT_FOUND' -- --method tools/call --tool-name get_client --tool-arg clientid=no-such-client
inspect 5 'INVALID_ARGUMENT' -- --method tools/call --tool-name publish_message --tool-arg topic=a/+ payload=x

# The MQTT tools against a real MQTT 5 broker: the demo broker (the tests' embedded HiveMQ CE, with a
# small plant publishing and answering requests) on a random loopback port.
MQTT_PORT=$((20000 + RANDOM % 20000))
broker_log=$(mktemp)
bash scripts/demo-broker.sh "$MQTT_PORT" >"$broker_log" 2>&1 &
BROKER_PID=$!
trap 'rm -f "$out" "$audit" "$broker_log"; kill "$BROKER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "demo broker ready" "$broker_log" && break; sleep 1; done
if grep -q "demo broker ready" "$broker_log"; then
  MQTT=(-e "EMQX_MQTT_URL=tcp://127.0.0.1:$MQTT_PORT")
  inspect 0 '"stopped_by": "max_messages"' -- "${MQTT[@]}" --method tools/call --tool-name mqtt_subscribe --tool-arg 'topic=factory/+/status' max_messages=3
  inspect 0 '"payload_encoding": "base64"' -- "${MQTT[@]}" --method tools/call --tool-name mqtt_subscribe --tool-arg 'topic=factory/line-1/camera/#' max_messages=1
  inspect 0 '"correlated": true' -- "${MQTT[@]}" --method tools/call --tool-name mqtt_query --tool-arg request_topic=devices/sensor-7/firmware/get 'payload=version?'
  inspect 5 'EMQX_TIMEOUT' -- "${MQTT[@]}" --method tools/call --tool-name mqtt_query --tool-arg request_topic=devices/sensor-7/reboot payload=now qos=0 timeout_seconds=1
  # Read-only: mqtt_subscribe is offered, mqtt_query (it publishes) is not.
  inspect 0 '"name": "mqtt_subscribe"' -- -e EMQX_MCP_READ_ONLY=true --method tools/list
  if grep -qF '"name": "mqtt_query"' "$out"; then
    echo "FAIL: read-only tools/list offers mqtt_query" >&2
    failures=$((failures + 1))
  fi
else
  echo "FAIL: the demo MQTT broker did not start:" >&2
  tail -20 "$broker_log" >&2
  failures=$((failures + 1))
fi

# Every broker-changing call above left audit lines: an intent line before anything reached EMQX and
# an outcome line after it (same session and call number), or an outcome line alone for a call
# refused before that. Executed calls (kick, publishes) and refused ones (the wildcard publish) are
# among them.
if node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  let executed = 0, refused = 0;
  const open = new Set();
  for (const line of lines) {
    const e = JSON.parse(line);
    const key = e.session + "#" + e.call;
    if (!e.tool || !e.time || !e.target || !e.call) throw new Error("incomplete audit line: " + line);
    if (e.phase === "intent") {
      open.add(key);
      continue;
    }
    if (e.phase !== "outcome" || !e.outcome) throw new Error("neither intent nor outcome: " + line);
    open.delete(key);
    if (e.outcome === "executed") executed++;
    if (e.outcome === "refused") refused++;
  }
  if (open.size) throw new Error("intent lines without an outcome: " + [...open].join(", "));
  if (!executed || !refused) throw new Error("want executed and refused lines, got " + lines.length);
  console.log("ok: audit log has " + lines.length + " lines, " + executed + " executed, " + refused + " refused");
' "$audit"; then :; else
  echo "FAIL: the audit log:" >&2; cat "$audit" >&2
  failures=$((failures + 1))
fi

# Two clusters (docs/clusters.md) over ONE HTTP server: --mock-emqx gives each its own fake. prod is
# read-only and refuses the kick; staging (the default) is reached over mTLS and executes it: its fake
# serves HTTPS and demands a client certificate, serving the block's cert-file and trusting its ca-file
# (one certificate for 127.0.0.1, made here by a throw-away CA in well under a second, serves both ends).
# shellcheck source=scripts/http-server.sh
source scripts/http-server.sh
tls_dir=$(mktemp -d)
trap 'rm -f "$out" "$audit" "$broker_log"; rm -rf "$tls_dir"; kill "$BROKER_PID" 2>/dev/null || true; stop_http_servers' EXIT
command -v openssl >/dev/null || { echo "smoke: openssl is needed to make the mTLS cluster's certificates" >&2; exit 1; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=smoke CA" \
  -keyout "$tls_dir/ca.key" -out "$tls_dir/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$tls_dir/tls.key" -out "$tls_dir/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >"$tls_dir/ext"
openssl x509 -req -days 2 -in "$tls_dir/tls.csr" -CA "$tls_dir/ca.pem" -CAkey "$tls_dir/ca.key" -CAcreateserial \
  -extfile "$tls_dir/ext" -out "$tls_dir/tls.pem" 2>/dev/null
cat >"$tls_dir/clusters.conf" <<HOCON
clusters {
  prod    { api-url = "http://127.0.0.1:1", read-only = true }
  staging {
    api-url = "https://127.0.0.1:1"
    tls { ca-file = "$tls_dir/ca.pem", cert-file = "$tls_dir/tls.pem", key-file = "$tls_dir/tls.key" }
  }
}
default-cluster = staging
HOCON
start_http_server clusters env EMQX_MCP_AUDIT_LOG=off EMQX_MCP_TOOLSETS=all java -jar "$JAR" --mock-emqx --config "$tls_dir/clusters.conf" --transport http --port 0
SERVER=(--transport http --server-url "$url")
echo "two clusters over HTTP, staging over mTLS: $url"
inspect 0 '"https://127.0.0.1:' -- --method tools/call --tool-name list_clusters
inspect 0 '"clientid": "sensor-42"' -- --method tools/call --tool-name get_client --tool-arg clientid=sensor-42 --tool-arg cluster=prod
inspect 0 '"clientid": "sensor-42"' -- --method tools/call --tool-name get_client --tool-arg clientid=sensor-42 --tool-arg cluster=staging
inspect 5 "cluster 'prod' is read-only" -- --method tools/call --tool-name kick_mqtt_client --tool-arg clientid=sensor-42 --tool-arg cluster=prod
inspect 0 'sensor-42' -- --method tools/call --tool-name kick_mqtt_client --tool-arg clientid=sensor-42 --tool-arg cluster=staging
# Both fakes play EMQX 5.8: list_namespaces (6.1+) is refused before any request is sent for it.
inspect 5 'UNSUPPORTED_BY_CLUSTER' -- --method tools/call --tool-name list_namespaces --tool-arg cluster=prod
# A resource names its cluster as a tool call does (the kick above left sensor-42 on prod only).
inspect 0 '\"clientid\":\"sensor-42\"' -- --method resources/read --uri 'emqx://clients/sensor-42?cluster=prod'
# /healthz probes both, staging through its client certificate (the probe runs at start-up).
health=$(curl -sS "${url%/mcp}/healthz" || true)
case $health in
  *'"clusters_status":"ok"'*'"staging":{"answered":true'*) echo "ok: /healthz reports both clusters" ;;
  *) echo "FAIL: /healthz: $health" >&2; failures=$((failures + 1)) ;;
esac
stop_http_servers
rm -rf "$tls_dir"

# The same server over HTTP (--transport http): streamable HTTP at /mcp and legacy SSE at /sse.
# shellcheck source=scripts/http-server.sh
source scripts/http-server.sh
trap 'rm -f "$out" "$audit" "$broker_log"; kill "$BROKER_PID" 2>/dev/null || true; stop_http_servers' EXIT
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
