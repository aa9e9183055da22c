// Starts an unpacked MCPB bundle the way Claude Desktop starts an extension, and checks its answers.
// Called by scripts/check-bundle.sh:
//   node scripts/check-bundle.mjs EXTENSION_DIR MCPB_PACKAGE_DIR EMQX_URL PATH_DIR HOME_DIR CONFIG_FILE
// The command, arguments and environment come from the manifest through the official MCPB package's own
// getMcpConfigForManifest (the user's settings and ${__dirname} substituted, as an installer does), and
// the process gets only that environment plus a fresh HOME and a PATH without java: no JAVA_HOME, no JDK.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [ext, cliDir, emqxUrl, pathDir, home, configFile] = process.argv.slice(2);
const { getMcpConfigForManifest } = await import(
  pathToFileURL(join(cliDir, "node_modules/@anthropic-ai/mcpb/dist/index.js")).href
);
const manifest = JSON.parse(readFileSync(join(ext, "manifest.json"), "utf8"));
const manifestTools = new Set(manifest.tools.map((t) => t.name));
const credentials = { emqx_api_url: emqxUrl, emqx_api_key: "mock-api-key", emqx_api_secret: "mock-api-secret" };
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
}

async function configFor(userConfig) {
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: ext,
    systemDirs: { HOME: home, DESKTOP: join(home, "Desktop"), DOCUMENTS: join(home, "Documents"), DOWNLOADS: join(home, "Downloads") },
    userConfig,
    pathSeparator: "/",
  });
  if (!config) throw new Error("the MCPB package made no server config of the manifest (a required setting missing?)");
  return config;
}

// One stdio session: initialize, tools/list, one tool call; the answers and their times since spawn.
function session(command, args, env, call) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(command, args, { env: { ...env, HOME: home, PATH: pathDir }, stdio: ["pipe", "pipe", "pipe"] });
    const pending = new Map();
    const result = { stderr: "" };
    let buffer = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no answers within 300 s; stderr: ${result.stderr.slice(-2000)}`));
    }, 300_000);
    child.on("error", (e) => reject(e));
    child.stderr.on("data", (d) => (result.stderr += d));
    child.stdout.on("data", (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const message = JSON.parse(line);
        const waiter = pending.get(message.id);
        if (waiter) {
          pending.delete(message.id);
          waiter(message);
        }
      }
    });
    const request = (id, method, params) =>
      new Promise((answer) => {
        pending.set(id, (m) => answer({ ...m, at: ms() }));
        child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
      });
    (async () => {
      result.initialize = await request(1, "initialize", {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "claude-desktop-like", version: "1" },
      });
      child.stdin.write(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n");
      result.list = await request(2, "tools/list", {});
      result.call = await request(3, "tools/call", call);
      child.stdin.end();
      child.on("exit", (code) => {
        clearTimeout(timer);
        result.exit = code;
        resolve(result);
      });
    })().catch(reject);
  });
}

const names = (r) => (r.list.result?.tools ?? []).map((t) => t.name);
const text = (r) => r.call.result?.content?.[0]?.text ?? JSON.stringify(r.call);

// 1. As installed, with the defaults: read-only on, no config file.
{
  const config = await configFor(credentials);
  check(config.command === join(ext, manifest.server.entry_point), `the manifest's command is the launcher: ${config.command}`);
  const r = await session(config.command, config.args ?? [], config.env ?? {}, { name: "list_clients", arguments: { limit: 3 } });
  const listed = names(r);
  check(r.initialize.result?.serverInfo?.version === manifest.version, `initialize at ${r.initialize.at.toFixed(0)} ms, version ${r.initialize.result?.serverInfo?.version}`);
  check(listed.length > 0 && listed.every((n) => manifestTools.has(n)), `tools/list at ${r.list.at.toFixed(0)} ms: ${listed.length} tools, all in the manifest`);
  check(!listed.includes("kick_mqtt_client"), "read-only by default: kick_mqtt_client withheld");
  check(r.call.result && !r.call.result.isError && text(r).includes("sensor-42"), `list_clients against the fake EMQX at ${r.call.at.toFixed(0)} ms`);
  check(r.exit === 0, `exited ${r.exit} when stdin closed`);
  check(!r.stderr.includes("mock-api-secret"), "the API secret is not on stderr");
  check(!/\[(warning|error)\]\[(cds|aot)/.test(r.stderr), "no class-data archive warning on stderr");
}

// 2. Read-only off and a config file chosen: every tool of the manifest, less the one the file withholds.
{
  const config = await configFor({ ...credentials, read_only: false, config_file: configFile });
  const r = await session(config.command, config.args ?? [], config.env ?? {}, { name: "get_client", arguments: { clientid: "sensor-42" } });
  const listed = new Set(names(r));
  const missing = [...manifestTools].filter((n) => !listed.has(n));
  check(missing.length === 1 && missing[0] === "list_topics", `read-only off, config file withholding list_topics: missing ${JSON.stringify(missing)}`);
  check(r.call.result && !r.call.result.isError, "get_client sensor-42");
}

// 3. The built-in fake EMQX (WireMock) on the bundle's trimmed runtime; and the class-data archive
// trained at build time is used here, where the unpacking moved the jar and gave it a new time stamp.
{
  const config = await configFor(credentials);
  const log = join(home, "classes.log");
  const env = { EMQX_MCP_AUDIT_LOG: "off", EMQX_MCP_JAVA_OPTS: `-Xlog:class+load=info:file=${log}` };
  const r = await session(config.command, ["--mock-emqx"], env, { name: "get_cluster_health", arguments: {} });
  check(r.call.result && !r.call.result.isError && text(r).includes("degraded"), `--mock-emqx on the bundle's runtime: get_cluster_health at ${r.call.at.toFixed(0)} ms`);
  const main = readFileSync(log, "utf8").split("\n").find((l) => l.includes(" io.emqx.mcp.Main source:")) ?? "(not loaded)";
  check(main.includes("shared objects file"), `the app's classes come from the bundle's archive: ${main.replace(/^.*source: /, "")}`);
}

if (failures) {
  console.error(`check-bundle: ${failures} failure(s)`);
  process.exit(1);
}
console.log("check-bundle: the unpacked bundle serves as Claude Desktop starts it");
