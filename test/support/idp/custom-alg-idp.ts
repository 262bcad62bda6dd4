import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the IdP needs of a JWS algorithm class (the docs/custom-algorithms.md contract): it signs with it. */
export interface SigningAlgorithm {
  readonly alg: string;
  readonly hash?: string;
  sign?(signingInput: Buffer, key: KeyObject): Buffer;
}

export interface CustomAlgIdpOptions {
  readonly clientId: string;
  readonly algorithm: SigningAlgorithm;
  /** node:crypto key pair generation for the algorithm's key type, e.g. `['ec', { namedCurve: 'secp256k1' }]`. */
  readonly keyPair: () => { publicKey: KeyObject; privateKey: KeyObject };
  /** Claims of the signed-in user (sub required). */
  readonly user: Readonly<Record<string, unknown>> & { sub: string };
}

export interface CustomAlgIdp {
  readonly issuer: string;
  readonly endpoints: { authorization: string; token: string; jwks: string };
  /** Return another access token than the one `at_hash` was computed over (a substituted access token). */
  substituteAccessToken: boolean;
  /** Token requests served so far. */
  readonly tokenRequests: number;
  stop(): Promise<void>;
}

/**
 * A minimal code-flow IdP for algorithms no test IdP supports (e.g. a custom ES256K class): authorization
 * answers at once with a code, the token endpoint returns an ID token signed by the given algorithm class
 * (with nonce and `at_hash` over the access token, using the class's declared hash) and the JWKS serves
 * the public key with `alg`. Test-only; client authentication is not checked.
 */
export async function startCustomAlgIdp(options: CustomAlgIdpOptions): Promise<CustomAlgIdp> {
  const { publicKey, privateKey } = options.keyPair();
  const codes = new Map<string, { nonce: string | null }>();
  let tokenRequests = 0;
  const server: Server = createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp = {
    issuer,
    endpoints: { authorization: `${issuer}/authorize`, token: `${issuer}/token`, jwks: `${issuer}/jwks` },
    substituteAccessToken: false,
    get tokenRequests() {
      return tokenRequests;
    },
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };

  function sign(payload: Record<string, unknown>): string {
    const header = { alg: options.algorithm.alg, kid: 'k1', typ: 'JWT' };
    const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
    const signature = options.algorithm.sign!(Buffer.from(input), privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/authorize') {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { nonce: url.searchParams.get('nonce') });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (url.pathname === '/jwks') {
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: options.algorithm.alg };
      json(res, 200, { keys: [jwk] });
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      tokenRequests++;
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const code = new URLSearchParams(body).get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code);
      if (!grant) return json(res, 400, { error: 'invalid_grant' });
      const accessToken = randomBytes(24).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const digest = createHash(options.algorithm.hash ?? 'sha256')
        .update(accessToken)
        .digest();
      const idToken = sign({
        iss: issuer,
        aud: options.clientId,
        iat: now,
        exp: now + 300,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
        ...options.user,
      });
      const issued = idp.substituteAccessToken ? randomBytes(24).toString('base64url') : accessToken;
      json(res, 200, { access_token: issued, token_type: 'Bearer', expires_in: 300, id_token: idToken });
      return;
    }
    json(res, 404, { error: 'not_found' });
  }
  return idp;
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
