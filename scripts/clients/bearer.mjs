// A real MCP client that sends a bearer token: named tokens and roles on the shared HTTP server
// (docs/identity.md). For the SDK given (modern: 2.x pinned to 2026-07-28; legacy: 1.x, 2025-11-25):
// the viewer's tools/list holds read-only tools only and its kick is refused (FORBIDDEN_BY_ROLE);
// the admin sees kick_mqtt_client and its kick runs; no token at all is refused at connect.
// usage: node bearer.mjs modern|legacy URL VIEWER_TOKEN ADMIN_TOKEN
import { Client as ModernClient, StreamableHTTPClientTransport as ModernHttp } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [sdk, url, viewerToken, adminToken] = process.argv.slice(2);
if (!['modern', 'legacy'].includes(sdk) || !adminToken) {
  console.error('usage: node bearer.mjs modern|legacy URL VIEWER_TOKEN ADMIN_TOKEN');
  process.exit(2);
}
const label = `bearer/${sdk}`;
// The fake is stateful (a kicked client is gone): each era kicks a demo client of its own.
const victim = sdk === 'modern' ? 'kiosk-lobby' : 'sensor-17';
function fail(what, detail) {
  console.error(`FAIL ${label}: ${what}${detail === undefined ? '' : ': ' + String(detail).slice(0, 800)}`);
  process.exit(1);
}

async function connect(token) {
  // Every request carries the token, as a client configured with a static header does.
  const withToken = (input, init) => {
    const headers = new Headers(init?.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const info = { name: `emqx-mcp-bearer-${sdk}`, version: '1.0.0' };
  const client = sdk === 'legacy' ? new LegacyClient(info, { capabilities: {} })
    : new ModernClient(info, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const transport = sdk === 'legacy' ? new LegacyHttp(new URL(url), { fetch: withToken })
    : new ModernHttp(new URL(url), { fetch: withToken });
  await client.connect(transport);
  return client;
}
const call = (client, name, args) => sdk === 'legacy' ? client.callTool({ name, arguments: args }, undefined)
  : client.callTool({ name, arguments: args });
const text = result => (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n');

try {
  let refused = false;
  try {
    const anonymous = await connect(null);
    await anonymous.listTools();
  } catch (e) {
    refused = true;
  }
  if (!refused) fail('a client without a token was served');

  const viewer = await connect(viewerToken);
  const seen = (await viewer.listTools()).tools;
  const changing = seen.filter(t => t.annotations?.readOnlyHint !== true).map(t => t.name);
  if (seen.length === 0 || changing.length > 0) fail('the viewer sees tools that change the broker', changing);
  const kick = await call(viewer, 'kick_mqtt_client', { clientid: victim });
  if (!kick.isError || !text(kick).includes('FORBIDDEN_BY_ROLE')) fail("the viewer's kick was not refused", text(kick));
  console.log(`ok ${label}: the viewer sees ${seen.length} read-only tools and its kick is refused`);
  await viewer.close();

  const admin = await connect(adminToken);
  const all = (await admin.listTools()).tools.map(t => t.name);
  if (!all.includes('kick_mqtt_client')) fail('the admin does not see kick_mqtt_client');
  const kicked = await call(admin, 'kick_mqtt_client', { clientid: victim });
  if (kicked.isError) fail("the admin's kick failed", text(kicked));
  console.log(`ok ${label}: the admin sees ${all.length} tools and its kick runs`);
  await admin.close();
} catch (e) {
  fail('session', e?.stack ?? e);
}
