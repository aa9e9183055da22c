#!/usr/bin/env bash
# Checks the Claude Desktop extension that `./mvnw -B package -Pdist` left in target/dist, as a user
# gets it:
#   - target/dist/server.json names the .mcpb's real SHA-256;
#   - the official MCPB CLI validates the packed manifest and unpacks the .mcpb, as an installer does;
#   - the unpacked bundle starts as Claude Desktop starts an extension (scripts/check-bundle.mjs: the
#     manifest's command and env with the user's settings filled in by the MCPB package itself, a fresh
#     HOME), with no JDK: no JAVA_HOME, a PATH without java and, where this machine allows a private
#     mount (root on Linux), the JDKs under /usr/lib/jvm hidden too. It must answer tools/list and tool
#     calls against the fake EMQX (standalone WireMock on mock-emqx/, run by this machine's JDK).
# Needs Node and npm (the MCPB package comes from the npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."

MCPB_PACKAGE=${MCPB_PACKAGE:-@anthropic-ai/mcpb@2.1.2}
shopt -s nullglob
bundles=(target/dist/*.mcpb)
[ ${#bundles[@]} = 1 ] || { echo "check-bundle: want one target/dist/*.mcpb, found ${#bundles[@]}; run ./mvnw -B package -Pdist" >&2; exit 1; }
mcpb=${bundles[0]}

tmp=$(mktemp -d)
fake=
cleanup() {
  [ -n "$fake" ] && kill "$fake" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

want=$(node -e 'console.log(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$mcpb")
if grep -q "\"fileSha256\" : \"$want\"" target/dist/server.json; then
  echo "ok: target/dist/server.json has the .mcpb's SHA-256 $want"
else
  echo "FAIL: target/dist/server.json lacks the .mcpb's SHA-256 $want" >&2
  exit 1
fi

npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$tmp/cli" "$MCPB_PACKAGE" >&2
cli=$tmp/cli/node_modules/.bin/mcpb
"$cli" unpack "$mcpb" "$tmp/ext" >/dev/null
"$cli" validate "$tmp/ext/manifest.json"

# The fake EMQX, on a free loopback port.
port=$((20000 + RANDOM % 20000))
java -Xlog:disable -cp target/emqx-mcp-server.jar wiremock.Run --root-dir mock-emqx --port "$port" \
  --bind-address 127.0.0.1 --disable-banner >"$tmp/fake.log" 2>&1 &
fake=$!
for _ in $(seq 1 240); do
  node -e 'fetch(process.argv[1]).then(() => process.exit(0), () => process.exit(1))' "http://127.0.0.1:$port/status" && break
  kill -0 "$fake" 2>/dev/null || { echo "check-bundle: the fake EMQX did not start:" >&2; tail -20 "$tmp/fake.log" >&2; exit 1; }
  sleep 0.5
done

# A PATH with only what the sh launcher calls besides builtins, and no java.
mkdir -p "$tmp/path" "$tmp/home"
for tool in sh readlink wc touch rm mv; do
  ln -s "$(command -v "$tool")" "$tmp/path/$tool"
done
printf 'mcp.tools.disabled = ["list_topics"]\n' >"$tmp/extra.conf"
if PATH=$tmp/path command -v java >/dev/null; then
  echo "check-bundle: java is still on the test PATH" >&2
  exit 1
fi

run=(node scripts/check-bundle.mjs "$tmp/ext" "$tmp/cli" "http://127.0.0.1:$port" "$tmp/path" "$tmp/home" "$tmp/extra.conf")
if [ "$(uname -s)" = Linux ] && [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
  # No JDK on the machine at all, as far as the bundle can see: an empty directory over /usr/lib/jvm.
  echo "check-bundle: /usr/lib/jvm hidden in a private mount namespace"
  unshare --mount sh -c 'mount -t tmpfs none /usr/lib/jvm 2>/dev/null || true; ls /usr/lib/jvm | grep -q . && exit 3; exec "$@"' \
    check "${run[@]}"
else
  "${run[@]}"
fi
