import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { generateSigningKeys, sharedSigningKeys } from '../idp/signing-keys.js';
import { handleAuthorize } from './authorize-endpoint.js';
import { DISCOVERY_BEHAVIOURS, JWKS_BEHAVIOURS, TOKEN_BEHAVIOURS, USERINFO_BEHAVIOURS } from './endpoint-behaviours.js';
import { discoveryDocument } from './discovery-document.js';
import { send, sendJson, type Exchange } from './exchange.js';
import { createDispatcher, newCounts } from './fake-op-http.js';
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

const newBehaviour = (): FakeOpBehaviour => ({ idToken: [], idTokenClaims: {}, delayMs: 15_000 });
const random = (bytes = 24): string => randomBytes(bytes).toString('base64url');

export async function startFakeOp(options: FakeOpOptions = {}): Promise<FakeOp> {
  const server = createServer();
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}${options.issuerPath ?? ''}`;
  const base = `${origin}${(options.issuerPath ?? '').replace(/\/$/, '')}`; // endpoints live below it
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
  const counts = newCounts();
  const requests: RecordedRequest[] = [];
  let lastAuthorization: URLSearchParams | undefined;
  const endpoints = {
    discovery: `${base}/.well-known/openid-configuration`,
    authorization: `${base}/authorize`,
    token: `${base}/token`,
    userinfo: `${base}/userinfo`,
    jwks: `${base}/jwks`,
    endSession: `${base}/end-session`,
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

  server.on(
    'request',
    createDispatcher({ origin, base, handlers, counts, requests, delayMs: () => behaviour.delayMs }),
  );

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
    forgetGrants() {
      tokens.codes.clear();
      tokens.accessTokens.clear();
      tokens.refreshTokens.clear();
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
