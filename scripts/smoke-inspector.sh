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
trap 'rm -f "$out"' EXIT

# inspect EXPECTED_EXIT MUST_CONTAIN -- inspector arguments...
inspect() {
  local want_rc=$1 needle=$2
  shift 3
  local rc=0
  # npx needs -y: this machine's ~/.npmrc says yes=false. Server stderr goes to our stderr.
  npx -y "$INSPECTOR" --cli "$@" -- java -jar "$JAR" --mock-emqx >"$out" 2>/dev/null || rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$needle" "$out"; then
    echo "FAIL: $* (exit $rc, wanted $want_rc and '$needle')" >&2
    head -c 2000 "$out" >&2; echo >&2
    failures=$((failures + 1))
  else
    echo "ok: $*"
  fi
}

inspect 0 '"name": "list_clients"' -- --method tools/list
for tool in list_clients get_client kick_mqtt_client publish_message mqtt_subscribe mqtt_query; do
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

# The MQTT tools against a real MQTT 5 broker: the demo broker (the tests' embedded HiveMQ CE, with a
# small plant publishing and answering requests) on a random loopback port.
MQTT_PORT=$((20000 + RANDOM % 20000))
broker_log=$(mktemp)
bash scripts/demo-broker.sh "$MQTT_PORT" >"$broker_log" 2>&1 &
BROKER_PID=$!
trap 'rm -f "$out" "$broker_log"; kill "$BROKER_PID" 2>/dev/null || true' EXIT
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

if [ "$failures" -gt 0 ]; then
  echo "smoke: $failures failure(s)" >&2
  exit 1
fi
echo "smoke: all inspector checks passed"
