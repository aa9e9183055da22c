// A local OAuth issuer for scripts/clients.sh, with nothing but Node's own crypto and http: an RSA
// key made at start, its discovery document (/.well-known/openid-configuration) and its JWKS
// (/jwks) on 127.0.0.1, and RS256 access tokens for the roles asked, as Keycloak shapes them
// (roles in realm_access.roles). It prints one line of JSON, {"issuer", "tokens": {ROLE: JWT}},
// then serves until it is killed. Not a real identity provider: no login, no token endpoint.
// usage: node issuer.mjs AUDIENCE ROLE...
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';

const [audience, ...roles] = process.argv.slice(2);
if (!audience || roles.length === 0) {
  console.error('usage: node issuer.mjs AUDIENCE ROLE...');
  process.exit(2);
}
const kid = randomUUID();
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
const b64 = value => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function token(issuer, role) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'at+jwt', kid });
  const body = b64({
    iss: issuer, aud: audience, sub: `clients-${role}`, iat: now, nbf: now, exp: now + 3600,
    jti: randomUUID(), realm_access: { roles: [role] },
  });
  // RS256: RSASSA-PKCS1-v1_5 with SHA-256, node's default padding for an RSA key.
  return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
}

const server = createServer((req, res) => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const body = req.url === '/jwks' ? jwks
    : req.url === '/.well-known/openid-configuration' ? JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` })
      : null;
  res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end(body ?? '{"error":"not_found"}');
});
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const tokens = Object.fromEntries(roles.map(role => [role, token(issuer, role)]));
  console.log(JSON.stringify({ issuer, tokens }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
