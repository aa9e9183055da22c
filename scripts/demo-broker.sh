#!/usr/bin/env bash
# A local MQTT 5 broker with a small demo plant on it (see src/test/java/io/emqx/mcp/support/DemoBroker.java),
# to try mqtt_subscribe and mqtt_query with no infrastructure, next to --mock-emqx:
#   bash scripts/demo-broker.sh [port]      # default 1883, the server's default mqtt.url
# It is the test suite's embedded broker (HiveMQ CE, a test dependency), so it needs the test classes:
# ./mvnw -B verify (or ./mvnw -B test-compile) first. Runs until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-1883}
[ -d target/test-classes ] || { echo "demo-broker: build first: ./mvnw -B test-compile" >&2; exit 1; }
CP_FILE=target/test.classpath
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
fi
exec java -Xlog:disable -Xlog:all=warning:stderr -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  io.emqx.mcp.support.DemoBroker "$PORT"
