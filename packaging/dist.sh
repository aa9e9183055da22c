#!/usr/bin/env bash
# The runtime bundle and the Claude Desktop extension for this machine's platform, from the built jar:
#   target/dist/emqx-mcp-server-<version>-<platform>.tar.gz (.zip on Windows): a jlink runtime with only
#     the modules the jar uses, the jar, the launcher, the class-data archive trained for that runtime
#     (JDK 17 to 24: AppCDS; JDK 25 and later: the AOT cache), README.md and docs/, LICENSE, application.conf;
#   target/dist/emqx-mcp-server-<version>-<platform>.mcpb: the same files and manifest.json, packed by
#     the official MCPB CLI;
#   target/dist/server.json: the registry entry with this bundle's fileSha256 filled in.
# Run by `./mvnw -B package -Pdist` (the dist profile) after the jar is built; by hand:
#   bash packaging/dist.sh VERSION JDK_HOME
# JDK_HOME is the JDK the runtime is linked from: the one Maven runs on, or -Ddist.java.home=DIR.
# Needs Node (npx) for the MCPB CLI. What differs between platforms is in packaging/platform/*.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:?usage: dist.sh VERSION JDK_HOME}
jdk=${2:?usage: dist.sh VERSION JDK_HOME}
jar=target/emqx-mcp-server.jar
MCPB_CLI=${MCPB_CLI:-@anthropic-ai/mcpb@2.1.2}

fail() {
  echo "dist: $*" >&2
  exit 1
}
step() {
  echo "dist: $* ($SECONDS s)" >&2
}

[ -f "$jar" ] || fail "$jar is missing: build it first (./mvnw -B package -Pdist does)"
[ -x "$jdk/bin/jlink" ] || [ -x "$jdk/bin/jlink.exe" ] || fail "$jdk has no jlink: point -Ddist.java.home at a JDK 17 or newer"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) fail "no bundle for $(uname -s)" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  arm64 | aarch64) arch=arm64 ;;
  *) fail "no bundle for $(uname -m)" ;;
esac
platform=$os-$arch
[ -f "packaging/platform/$platform.sh" ] || fail "no packaging/platform/$platform.sh: this platform has no bundle yet"
# shellcheck source=packaging/platform/linux-x64.sh
. "packaging/platform/$platform.sh"

name=emqx-mcp-server-$version-$platform
out=target/dist
stage=$out/$name
rm -rf "$out"
mkdir -p "$stage/bin" "$stage/lib"

# The modules: what jdeps finds the jar's classes use, plus what they reach only by name at run time:
# java.logging (the JDK's System.Logger backend), jdk.crypto.ec (elliptic-curve TLS to an https EMQX
# on JDK 17, where it is not yet in java.base), jdk.zipfs (WireMock reads the fake EMQX's files from
# the jar as a file system).
step "jdeps $jar"
modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar" | tail -n 1)
case $modules in java.base*) ;; *) fail "jdeps printed no module list: $modules" ;; esac
modules=$modules,java.logging,jdk.crypto.ec,jdk.zipfs
step "jlink $modules"
# No jimage compression: classes load faster uncompressed, and the archives compress it anyway.
# --generate-cds-archive: the runtime's own base archive, on which the app's archive builds.
"$jdk/bin/jlink" --add-modules "$modules" --output "$stage/runtime" --strip-debug --no-header-files \
  --no-man-pages --generate-cds-archive 2>&1 | { grep -v -e 'Preload Warning' -e 'resolve_indy' || true; } >&2
[ -x "$stage/runtime/bin/java" ] || [ -x "$stage/runtime/bin/java.exe" ] || fail "jlink made no runtime"
# The base archive for heaps over 32 GB (no compressed pointers): the launchers cap the heap far lower.
find "$stage/runtime" -name classes_nocoops.jsa -delete

cp "bin/$LAUNCHER" "$stage/bin/"
cp "$jar" "$stage/lib/"
cp README.md LICENSE application.conf "$stage/"
cp -R docs "$stage/"   # the README links its details there

# The archive, trained on a realistic session through the bundle's own launcher and runtime: the
# build's training run (bench/Bench.java --train-only), started so that it cannot pick another JDK.
step "training the class-data archive"
"$jdk/bin/java" -cp "$jar" bench/Bench.java --train-only --launcher "$stage/bin/$LAUNCHER"
archive=
for f in "$stage"/lib/*.jsa "$stage"/lib/*.aot; do
  [ -f "$f" ] && archive=$f
done
[ -n "$archive" ] || fail "the training run wrote no class-data archive"

step "manifest.json"
"$jdk/bin/java" -cp "$jar" packaging/Bundle.java manifest "$stage" "$version" "$MCPB_PLATFORM" "bin/$LAUNCHER"

step "$name.$ARCHIVE"
if [ "$ARCHIVE" = zip ]; then
  (cd "$out" && "$jdk/bin/jar" --create --no-manifest --file "$name.zip" "$name")
else
  tar -C "$out" -czf "$out/$name.tar.gz" "$name"
fi

step "$name.mcpb (validated and packed by $MCPB_CLI)"
command -v npx >/dev/null || fail "the .mcpb needs Node.js: npx runs the official MCPB CLI ($MCPB_CLI)"
# npx needs -y: an ~/.npmrc may say yes=false.
npx -y "$MCPB_CLI" validate "$stage/manifest.json" >&2
npx -y "$MCPB_CLI" pack "$stage" "$out/$name.mcpb" >/dev/null

step "server.json"
"$jdk/bin/java" -cp "$jar" packaging/Bundle.java registry server.json "$out/$name.mcpb" "$out/server.json"

step "done"
ls -l "$out" >&2
