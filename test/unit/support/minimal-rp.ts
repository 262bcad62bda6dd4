import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/**
 * A deliberately tiny relying party used only to test the harness (NOT the extension): code flow with PKCE,
 * client_secret_basic, ID token verified with jose, a back-channel logout endpoint that records tokens.
 */
export interface MinimalRp {
  base: string;
  redirectUri: string;
  backchannelUri: string;
  postLogoutUri: string;
  /** ID token claims of the last completed login. */
  lastClaims?: JWTPayload;
  lastIdToken?: string;
  /** Raw logout_token values received on the back-channel endpoint. */
  logoutTokens: string[];
  stop(): Promise<void>;
}

interface RpConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  scope?: string;
}

const b64url = (buf: Buffer): string => buf.toString('base64url');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startMinimalRp(config: RpConfig): Promise<MinimalRp> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jwks = createRemoteJWKSet(new URL(config.jwksUri), { cooldownDuration: 0 });
  const pending = new Map<string, { nonce: string; verifier: string }>();
  const rp: MinimalRp = {
    base,
    redirectUri: `${base}/cb`,
    backchannelUri: `${base}/backchannel`,
    postLogoutUri: `${base}/logged-out`,
    logoutTokens: [],
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/login') {
      const state = b64url(randomBytes(16));
      const nonce = b64url(randomBytes(16));
      const verifier = b64url(randomBytes(32));
      pending.set(state, { nonce, verifier });
      const auth = new URL(config.authorizationEndpoint);
      auth.search = new URLSearchParams({
        client_id: config.clientId,
        response_type: 'code',
        redirect_uri: rp.redirectUri,
        scope: config.scope ?? 'openid email profile groups',
        state,
        nonce,
        code_challenge: b64url(createHash('sha256').update(verifier).digest()),
        code_challenge_method: 'S256',
      }).toString();
      res.writeHead(302, { location: auth.href }).end();
      return;
    }
    if (url.pathname === '/cb') {
      const tx = pending.get(url.searchParams.get('state') ?? '');
      if (!tx || url.searchParams.get('iss') !== config.issuer) {
        res.writeHead(400).end('bad state or iss');
        return;
      }
      pending.delete(url.searchParams.get('state') ?? '');
      const basic = Buffer.from(
        `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`,
      ).toString('base64');
      const tokenRes = await fetch(config.tokenEndpoint, {
        method: 'POST',
        redirect: 'manual',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: url.searchParams.get('code') ?? '',
          redirect_uri: rp.redirectUri,
          code_verifier: tx.verifier,
        }),
      });
      const tokens = (await tokenRes.json()) as { id_token?: string };
      if (!tokenRes.ok || !tokens.id_token) {
        res.writeHead(502).end(`token endpoint ${tokenRes.status}`);
        return;
      }
      const { payload } = await jwtVerify(tokens.id_token, jwks, {
        issuer: config.issuer,
        audience: config.clientId,
        algorithms: ['RS256'],
      });
      if (payload.nonce !== tx.nonce) {
        res.writeHead(400).end('nonce');
        return;
      }
      rp.lastClaims = payload;
      rp.lastIdToken = tokens.id_token;
      res.writeHead(302, { location: '/home', 'set-cookie': 'rp_session=1; Path=/; HttpOnly' }).end();
      return;
    }
    if (url.pathname === '/home') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`welcome ${String(rp.lastClaims?.sub)}`);
      return;
    }
    if (url.pathname === '/backchannel' && req.method === 'POST') {
      rp.logoutTokens.push(new URLSearchParams(await readBody(req)).get('logout_token') ?? '');
      res.writeHead(200, { 'cache-control': 'no-store' }).end();
      return;
    }
    if (url.pathname === '/logged-out') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`logged out ${url.searchParams.get('state') ?? ''}`);
      return;
    }
    res.writeHead(404).end();
  };
  server.on('request', (req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  return rp;
}
