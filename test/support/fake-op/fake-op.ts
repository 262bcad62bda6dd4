import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { generateSigningKeys, sharedSigningKeys } from '../idp/signing-keys.js';
import { handleAuthorize } from './authorize-endpoint.js';
import { DISCOVERY_BEHAVIOURS, JWKS_BEHAVIOURS, TOKEN_BEHAVIOURS, USERINFO_BEHAVIOURS } from './endpoint-behaviours.js';
import { discoveryDocument } from './discovery-document.js';
import { MAX_REQUEST_BODY, send, sendJson, type Exchange } from './exchange.js';
import type { FakeOp } from './fake-op-api.js';
import { jsonResponder, respond } from './responders.js';
import { FakeTokenEndpoint } from './token-endpoint.js';
import type { FakeOpBehaviour, FakeOpEndpoint, FakeOpOptions, RecordedRequest } from './fake-op-types.js';
import { applyJwksDefects } from './jwt-defects.js';
import {
  attackerKeys,
  defectContext,
  mintAccessToken,
  mintIdToken,
  mintLogoutToken,
  type MinterState,
} from './jwt-minter.js';
import { sendLogoutToken } from './logout-tokens.js';

export type * from './fake-op-types.js';
export type * from './fake-op-api.js';

const DEFAULT_USER = {
  sub: 'alice',
  email: 'alice@example.test',
  email_verified: true,
  name: 'Alice Example',
  given_name: 'Alice',
  family_name: 'Example',
  preferred_username: 'alice',
  groups: ['crm-sales'],
};

const ROUTES: Record<string, FakeOpEndpoint> = {
  '/.well-known/openid-configuration': 'discovery',
  '/jwks': 'jwks',
  '/jwks-moved': 'jwksMoved',
  '/authorize': 'authorize',
  '/token': 'token',
  '/token-moved': 'tokenMoved',
  '/userinfo': 'userinfo',
  '/end-session': 'endSession',
};

const newBehaviour = (): FakeOpBehaviour => ({ idToken: [], idTokenClaims: {}, delayMs: 15_000 });
const random = (bytes = 24): string => randomBytes(bytes).toString('base64url');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeOp(options: FakeOpOptions = {}): Promise<FakeOp> {
  const server = createServer();
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}${options.issuerPath ?? ''}`;
  const state: MinterState = {
    issuer,
    clientId: options.clientId ?? 'client',
    clientSecret: options.clientSecret ?? random(32),
    alg: options.alg ?? 'RS256',
    keys: options.keys ?? (await sharedSigningKeys()),
    attackerKeys: await attackerKeys(),
    clockOffsetSec: options.clockOffsetSec ?? 0,
    ttlSec: options.tokenTtlSec ?? 600,
  };
  const issParameter = options.issParameter ?? true;
  let user: Record<string, unknown> & { sub: string } = options.user ?? DEFAULT_USER;
  let behaviour = newBehaviour();
  const counts = Object.fromEntries(
    Object.values(ROUTES)
      .concat('unknown')
      .map((e) => [e, 0]),
  ) as Record<FakeOpEndpoint, number>;
  const requests: RecordedRequest[] = [];
  let lastAuthorization: URLSearchParams | undefined;
  const endpoints = {
    discovery: `${issuer}/.well-known/openid-configuration`,
    authorization: `${issuer}/authorize`,
    token: `${issuer}/token`,
    userinfo: `${issuer}/userinfo`,
    jwks: `${issuer}/jwks`,
    endSession: `${issuer}/end-session`,
  };
  const idTokenClaimsOf = (claims: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(claims).filter(([k]) => !(options.userinfoOnlyClaims ?? []).includes(k)));
  const tokens = new FakeTokenEndpoint({
    state,
    options,
    tokenEndpoint: endpoints.token,
    behaviour: () => behaviour,
    idTokenClaimsOf,
  });
  const servedJwks = (): { keys: JWK[] } => ({
    keys: applyJwksDefects(state.keys.publicJwks.keys, behaviour.idToken, defectContext(state)),
  });

  const discovery = (ex: Exchange): Promise<void> =>
    respond(
      ex,
      DISCOVERY_BEHAVIOURS,
      behaviour.discovery,
      jsonResponder(ex, async () =>
        discoveryDocument({ issuer, endpoints, alg: state.alg, issParameter, claimNames: Object.keys(user) }),
      ),
    );

  const jwks = (ex: Exchange): Promise<void> =>
    respond(
      ex,
      JWKS_BEHAVIOURS,
      behaviour.jwks,
      jsonResponder(ex, async () => servedJwks()),
    );

  const authorize = (ex: Exchange): Promise<void> => {
    lastAuthorization = ex.url.searchParams;
    return handleAuthorize(ex, { state, options, user, behaviour, codes: tokens.codes, idTokenClaimsOf });
  };

  const token = (ex: Exchange): Promise<void> =>
    respond(
      ex,
      TOKEN_BEHAVIOURS,
      behaviour.token,
      jsonResponder(ex, () => tokens.handle(ex)),
    );
  const tokenMoved = (ex: Exchange): Promise<void> => jsonResponder(ex, () => tokens.handle(ex))();

  const userinfo = (ex: Exchange): Promise<void> =>
    respond(
      ex,
      USERINFO_BEHAVIOURS,
      behaviour.userinfo,
      jsonResponder(ex, async () => {
        const bearer =
          /^Bearer\s+(.+)$/i.exec(ex.req.headers.authorization ?? '')?.[1] ?? ex.form.get('access_token') ?? '';
        const claims = tokens.userinfoFor(bearer);
        if (!claims) send(ex, 401, '', { 'www-authenticate': 'Bearer error="invalid_token"' });
        return claims;
      }),
    );

  const endSession = async (ex: Exchange): Promise<void> => {
    const target = ex.url.searchParams.get('post_logout_redirect_uri');
    if (!target) return send(ex, 200, '<html><body>signed out</body></html>', { 'content-type': 'text/html' });
    const back = new URL(target);
    const st = ex.url.searchParams.get('state');
    if (st !== null) back.searchParams.set('state', st);
    send(ex, 303, '', { location: back.href });
  };

  const handlers: Record<FakeOpEndpoint, (ex: Exchange) => Promise<void> | void> = {
    discovery,
    jwks,
    jwksMoved: (ex) => sendJson(ex, 200, servedJwks()),
    authorize,
    token,
    tokenMoved,
    userinfo,
    endSession,
    unknown: (ex) => send(ex, 404, 'not found', { 'content-type': 'text/plain' }),
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname.startsWith(options.issuerPath ?? '')
      ? url.pathname.slice((options.issuerPath ?? '').length)
      : url.pathname;
    const endpoint = ROUTES[path] ?? 'unknown';
    counts[endpoint]++;
    readBody(req)
      .then(async (body) => {
        requests.push({
          endpoint,
          method: req.method ?? 'GET',
          url: url.href,
          headers: req.headers,
          body,
          at: Date.now(),
        });
        const isForm = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
        const ex: Exchange = {
          req,
          res,
          url,
          body,
          form: new URLSearchParams(isForm ? body : ''),
          issuer,
          delayMs: behaviour.delayMs,
        };
        await handlers[endpoint](ex);
      })
      .catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed)
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake-op error: ${(err as Error).message}`);
      });
  });

  const op: FakeOp = {
    issuer,
    origin,
    port,
    get clientId() {
      return state.clientId;
    },
    get clientSecret() {
      return state.clientSecret;
    },
    get alg() {
      return state.alg;
    },
    endpoints,
    get keys() {
      return state.keys;
    },
    counts,
    requests,
    get lastAuthorization() {
      return lastAuthorization;
    },
    get lastTokenRequest() {
      return tokens.lastTokenRequest;
    },
    get lastIssued() {
      return tokens.lastIssued;
    },
    get behaviour() {
      return behaviour;
    },
    behave(changes) {
      behaviour = { ...behaviour, ...changes };
    },
    reset() {
      behaviour = newBehaviour();
    },
    resetCounts() {
      for (const key of Object.keys(counts) as FakeOpEndpoint[]) counts[key] = 0;
      requests.length = 0;
    },
    setUser(claims) {
      user = claims;
    },
    setClockOffset(seconds) {
      state.clockOffsetSec = seconds;
    },
    async rotateKeys(keys) {
      state.keys = keys ?? (await generateSigningKeys());
      return state.keys;
    },
    servedJwks,
    signIdToken: (input = {}) => mintIdToken(state, { sub: user.sub, userClaims: idTokenClaimsOf(user), ...input }),
    signAccessToken: (input = {}) => mintAccessToken(state, { sub: user.sub, audience: options.apiAudience, ...input }),
    logoutToken: (logoutOptions = {}) => mintLogoutToken(state, { sub: user.sub, ...logoutOptions }),
    sendLogoutToken,
    async stop() {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
  return op;
}
