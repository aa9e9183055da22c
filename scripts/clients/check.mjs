// One real MCP client session against emqx-mcp-server (--mock-emqx, with mcp.confirm-destructive =
// true and the demo MQTT broker), as scripts/clients.sh runs it:
//   node check.mjs SDK TRANSPORT TARGET...
//     SDK        modern  the TypeScript SDK 2.x client pinned to 2026-07-28 (no fallback)
//                auto    the 2.x client in auto mode (probes server/discover, would fall back)
//                legacy  the 1.x SDK (initialize, 2025-11-25)
//     TRANSPORT  stdio (TARGET is the server's command line) or http (TARGET is its /mcp URL)
// The session lists the tools and calls every one of them (CALLS below: a listed tool without an
// entry fails the run, so the table keeps up with the catalog), confirming each destructive call
// as a user would: through an input_required round trip (MRTR) in the modern era, through an
// elicitation request in the legacy one; exactly one confirmation per destructive call, none for
// the others. It reads every resource (and the client template), gets every prompt, and asks for
// progress on mqtt_subscribe. Over HTTP it records every Mcp-Session-Id header, both ways: a
// modern session must have none, a legacy one must. Prints "ok ..." lines; exits 1 on the first
// failure. Give each session a fresh server: the calls change the fake EMQX's state.
import { Client as ModernClient, StreamableHTTPClientTransport as ModernHttp } from '@modelcontextprotocol/client';
import { StdioClientTransport as ModernStdio } from '@modelcontextprotocol/client/stdio';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as LegacyStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as LegacyHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

// tool → [arguments, what its result must contain], with the demo cluster's values (mock-emqx/).
// The order matters where one call changes what a later one sees: diagnose_client before
// subscribe_client, list_banned before unban_client.
const CALLS = [
  ['list_clients', { limit: 5 }, '"clientid":"sensor-42"'],
  ['get_client', { clientid: 'plant/line-1/plc' }, '"clientid":"plant/line-1/plc"'],
  ['kick_mqtt_client', { clientid: 'kiosk-lobby' }, '"disconnected":true'],
  ['kick_clients', { clientids: ['sensor-17', 'worker-1'] }, '"requested":2'],
  ['publish_message', { topic: 'devices/sensor-42/cmd', payload: 'reboot', qos: 1 }, '"delivered":true'],
  ['publish_messages', { messages: [{ topic: 'devices/sensor-42/cmd', payload: 'a' },
    { topic: 'devices/sensor-42/commands', payload: 'b' }] }, '"not_delivered":1'],
  ['list_client_subscriptions', { clientid: 'sensor-42' }, '"topic":"devices/sensor-42/cmd"'],
  ['diagnose_client', { clientid: 'sensor-42', topic: 'devices/sensor-42/commands' }, '"closest":"devices/sensor-42/cmd"'],
  ['subscribe_client', { clientid: 'sensor-42', topic: 'devices/sensor-42/commands', qos: 1 }, '"node":"emqx@10.0.0.11"'],
  ['unsubscribe_client', { clientid: 'sensor-42', topic: 'devices/sensor-42/cmd' }, '"unsubscribed":true'],
  ['list_subscriptions', { topic: '$share/workers/jobs/#' }, '"worker-2"'],
  ['list_topics', { limit: 50 }, '"devices/+/telemetry"'],
  ['list_retained_messages', { topic: 'devices/+/config' }, '"devices/sensor-42/config"'],
  ['get_retained_message', { topic: 'devices/sensor-42/config' }, '"payload_encoding":"plain"'],
  ['delete_retained_message', { topic: 'plant/line-1/status' }, '"deleted":true'],
  ['list_banned', {}, '"rogue-device-13"'],
  ['ban_client', { as: 'clientid', who: 'kiosk-lobby', duration_seconds: 600 }, '"by":"emqx-mcp-server"'],
  ['unban_client', { as: 'clientid', who: 'rogue-device-13' }, '"unbanned":true'],
  ['list_nodes', {}, '"node_status":"stopped"'],
  ['get_node', { node: 'emqx@10.0.0.11' }, '"memory_used_percent":73.6'],
  ['get_stats', { aggregate: true }, '"connections.count"'],
  ['get_metrics', { prefix: 'delivery.dropped', aggregate: true }, '"delivery.dropped.queue_full"'],
  ['list_alarms', {}, '"high_system_memory_usage"'],
  ['list_listeners', {}, '"tcp:default"'],
  ['list_rules', {}, '"legacy_meter_bridge"'],
  ['get_rule', { id: 'telemetry_archive' }, '"actions.failed":18322'],
  ['get_cluster_health', {}, '"verdict":"degraded"'],
  ['set_rule_enabled', { id: 'telemetry_archive', enable: false }, '"was":true'],
  ['mqtt_subscribe', { topic: 'factory/+/status', max_messages: 3 }, '"stopped_by":"max_messages"'],
  ['mqtt_query', { request_topic: 'devices/sensor-7/firmware/get', payload: 'version?' }, '"correlated":true'],
];
// Values for the prompts' required arguments.
const PROMPT_ARGS = { clientid: 'sensor-42', topic: 'devices/sensor-42/commands' };

const [sdk, transportKind, ...target] = process.argv.slice(2);
const label = `${sdk}/${transportKind}`;
const expectedEra = { modern: 'modern', auto: 'modern', legacy: 'legacy' }[sdk];
if (!expectedEra || !['stdio', 'http'].includes(transportKind) || target.length === 0) {
  console.error('usage: node check.mjs modern|auto|legacy stdio|http COMMAND...|URL');
  process.exit(2);
}

function fail(what, detail) {
  console.error(`FAIL ${label}: ${what}${detail === undefined ? '' : ': ' + String(detail).slice(0, 800)}`);
  process.exit(1);
}
let lap = Date.now();
function ok(what) {
  console.log(`ok ${label}: ${what} (${Date.now() - lap} ms)`);
  lap = Date.now();
}
// The result as one string, with JSON's optional blanks after colons gone: needles are compact.
const flat = result => (JSON.stringify(result.structuredContent ?? '') + '\n'
  + (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n')).replace(/":\s+/g, '":');

// Every Mcp-Session-Id seen over HTTP, in requests and in responses.
const sessionHeaders = [];
const watchingFetch = async (url, init) => {
  const sent = new Headers(init?.headers).get('mcp-session-id');
  if (sent) sessionHeaders.push(`a ${init?.method ?? 'GET'} request carried ${sent}`);
  const response = await fetch(url, init);
  const got = response.headers.get('mcp-session-id');
  if (got) sessionHeaders.push(`the answer to a ${init?.method ?? 'GET'} set ${got}`);
  return response;
};

// The server's stderr goes to ours; the environment passes through (EMQX_* for the server).
const stdioParams = { command: target[0], args: target.slice(1), env: { ...process.env }, stderr: 'inherit' };
const info = { name: `emqx-mcp-clients-${sdk}`, version: '1.0.0' };
let confirmations = 0;
const accept = request => {
  confirmations++;
  const message = request.params?.message ?? '';
  if (!message.includes('Go ahead?')) fail('the confirmation request does not ask to go ahead', message);
  return { action: 'accept', content: { confirm: true } };
};

let client;
let transport;
if (sdk === 'legacy') {
  client = new LegacyClient(info, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, accept);
  transport = transportKind === 'stdio' ? new LegacyStdio(stdioParams)
    : new LegacyHttp(new URL(target[0]), { fetch: watchingFetch });
} else {
  const mode = sdk === 'modern' ? { pin: '2026-07-28' } : 'auto';
  client = new ModernClient(info, { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode } });
  client.setRequestHandler('elicitation/create', accept);
  transport = transportKind === 'stdio' ? new ModernStdio(stdioParams)
    : new ModernHttp(new URL(target[0]), { fetch: watchingFetch });
}
// 1.x: callTool(params, resultSchema, options); 2.x: callTool(params, options).
const callTool = (params, options) => sdk === 'legacy' ? client.callTool(params, undefined, options)
  : client.callTool(params, options);

const deadline = setTimeout(() => fail('the session took longer than 180 s'), 180_000);
try {
  await client.connect(transport);
} catch (e) {
  fail('connect', e?.message ?? e);
}
const era = sdk === 'legacy' ? 'legacy' : client.getProtocolEra();
if (era !== expectedEra) fail(`connected in the ${era} era, expected ${expectedEra}`);
ok(`connected in the ${era} era (${era === 'modern' ? 'server/discover' : 'initialize'}) to `
  + `${client.getServerVersion()?.name} ${client.getServerVersion()?.version}`);

let step = 'tools/list';
try {
  const { tools } = await client.listTools();
  const listed = new Map(tools.map(t => [t.name, t]));
  const untested = tools.map(t => t.name).filter(n => !CALLS.some(([name]) => name === n));
  if (untested.length) fail('tools/list offers tools this check does not call (add them to CALLS)', untested.join(', '));
  ok(`tools/list: ${tools.length} tools`);

  let destructive = 0;
  let progress = 0;
  for (const [name, args, needle] of CALLS) {
    if (!listed.has(name)) {
      ok(`${name} is not offered by this server's configuration; not called`);
      continue;
    }
    step = `tools/call ${name}`;
    const before = confirmations;
    const options = name === 'mqtt_subscribe' ? { onprogress: () => progress++ } : undefined;
    const started = Date.now();
    const result = await callTool({ name, arguments: args }, options);
    if (Date.now() - started > 5000) console.log(`(${label}: ${name} took ${Date.now() - started} ms)`);
    if (result.isError || !flat(result).includes(needle)) fail(`${step} ${JSON.stringify(args)}`, flat(result));
    const asked = confirmations - before;
    const wanted = listed.get(name).annotations?.destructiveHint === true ? 1 : 0;
    if (asked !== wanted) fail(`${step} asked the user to confirm ${asked} times, expected ${wanted}`);
    destructive += wanted;
  }
  if (destructive === 0) fail('no destructive tool was called, so no confirmation was exercised');
  if (listed.has('mqtt_subscribe') && progress === 0) fail('mqtt_subscribe sent no progress notification');
  ok(`tools/call: every tool answered; ${destructive} destructive calls confirmed by `
    + `${era === 'modern' ? 'an input_required round trip' : 'an elicitation request'} each; `
    + `${progress} progress notifications from mqtt_subscribe`);

  step = 'tools/call get_client no-such-client';
  const missing = await callTool({ name: 'get_client', arguments: { clientid: 'no-such-client' } });
  if (!missing.isError || !flat(missing).includes('CLIENT_NOT_FOUND')) fail(step, flat(missing));
  ok('tools/call get_client no-such-client: isError CLIENT_NOT_FOUND');

  step = 'resources/list';
  const { resources } = await client.listResources();
  const { resourceTemplates } = await client.listResourceTemplates();
  const uris = resources.map(r => r.uri);
  if (resourceTemplates.some(t => t.uriTemplate === 'emqx://clients/{clientid}')) uris.push('emqx://clients/sensor-42');
  for (const uri of uris) {
    step = `resources/read ${uri}`;
    const read = await client.readResource({ uri });
    if (!read.contents?.length || !read.contents.every(c => (c.text ?? c.blob ?? '').length > 0)) fail(step, JSON.stringify(read));
  }
  if (!uris.includes('emqx://cluster/overview')) fail('resources/list lacks emqx://cluster/overview');
  ok(`resources/read: ${uris.join(', ')}`);

  step = 'prompts/list';
  const { prompts } = await client.listPrompts();
  for (const prompt of prompts) {
    step = `prompts/get ${prompt.name}`;
    const args = {};
    for (const arg of prompt.arguments ?? []) {
      if (arg.required && !(arg.name in PROMPT_ARGS)) fail(`${step}: no value for its argument ${arg.name}`);
      if (arg.name in PROMPT_ARGS) args[arg.name] = PROMPT_ARGS[arg.name];
    }
    const got = await client.getPrompt({ name: prompt.name, arguments: args });
    if (!got.messages?.length) fail(step, JSON.stringify(got));
  }
  if (!prompts.length) fail('prompts/list is empty');
  ok(`prompts/get: ${prompts.map(p => p.name).join(', ')}`);
} catch (e) {
  fail(`${step} failed`, e?.message ?? e);
}

if (transportKind === 'http') {
  if (era === 'modern' && sessionHeaders.length) fail('a modern session used Mcp-Session-Id', sessionHeaders.join('; '));
  if (era === 'legacy' && !sessionHeaders.length) fail('a legacy streamable HTTP session had no Mcp-Session-Id');
  ok(era === 'modern' ? 'no Mcp-Session-Id in any request or answer' : 'Mcp-Session-Id in use, as the legacy era has it');
}
clearTimeout(deadline);
await client.close();
