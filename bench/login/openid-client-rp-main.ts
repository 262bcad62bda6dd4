/**
 * The benchmark's baseline: a minimal relying party written with `openid-client` (panva), in its own
 * process. Same protocol steps as the host's login: start (state, nonce, PKCE S256, transaction cookie),
 * callback (state check, code exchange with client_secret_basic, ID token validation, userinfo with the
 * subject check), then a session cookie and a redirect to `/`. No provisioning, sessions in memory.
 * Answers `{ type: 'cpu' }` over IPC with its `process.cpuUsage()`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as client from 'openid-client';

interface RpConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  /** Listen port, chosen by the parent (the IdP registered the redirect URI before this process started). */
  port: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as RpConfig;
const transactions = new Map<string, { nonce: string; verifier: string }>();
const sessions = new Map<string, { sub: string; at: number }>();
const base = `http://127.0.0.1:${settings.port}`;

const config = await client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
  execute: [client.allowInsecureRequests],
});

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name) return v;
  }
  return undefined;
}

async function start(res: ServerResponse): Promise<void> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  transactions.set(state, { nonce, verifier });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${base}/cb`,
    scope: settings.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  res.writeHead(302, { location: url.href, 'set-cookie': `rp_tx=${state}; Path=/; HttpOnly; SameSite=Lax` }).end();
}

async function callback(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const state = cookie(req, 'rp_tx');
  const tx = state === undefined ? undefined : transactions.get(state);
  if (!tx || state === undefined) {
    res.writeHead(400).end('no transaction');
    return;
  }
  transactions.delete(state); // single use
  const tokens = await client.authorizationCodeGrant(config, new URL(req.url!, base), {
    pkceCodeVerifier: tx.verifier,
    expectedState: state,
    expectedNonce: tx.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  const id = randomBytes(32).toString('base64url');
  sessions.set(id, { sub: claims.sub, at: Date.now() });
  res
    .writeHead(302, {
      location: '/',
      'set-cookie': [`rp_session=${id}; Path=/; HttpOnly; SameSite=Lax`, 'rp_tx=; Path=/; Max-Age=0'],
    })
    .end();
}

function home(req: IncomingMessage, res: ServerResponse): void {
  const session = sessions.get(cookie(req, 'rp_session') ?? '');
  if (session) res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${session.sub}`);
  else res.writeHead(401).end('no session');
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  const work = path === '/login' ? start(res) : path === '/cb' ? callback(req, res) : Promise.resolve(home(req, res));
  work.catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(settings.port, '127.0.0.1', () => process.send!({ type: 'ready', url: base }));
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') process.send!({ type: 'cpu', usage: process.cpuUsage() });
  if (m.type === 'stop') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
