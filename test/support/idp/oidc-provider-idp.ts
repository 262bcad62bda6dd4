import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import type { IdpEndpoints, OidcProviderIdp } from './idp-api.js';
import type { IdpAccount, IdpEndpointName, IdpEvent, OidcProviderOptions } from './idp-types.js';
import { createRequestHandler, hideProviderNotices } from './provider-http.js';
import { IdpMemoryStore } from './memory-store.js';
import {
  buildConfiguration,
  claimsConfig,
  extraClaimNames,
  newCookieKeys,
  STANDARD_CLAIMS,
} from './provider-config.js';
import { generateSigningKeys, sharedSigningKeys } from './signing-keys.js';

export type * from './idp-types.js';
export type * from './idp-api.js';

const RELAYED_EVENTS = [
  'backchannel.success',
  'backchannel.error',
  'end_session.success',
  'grant.success',
  'grant.error',
  'authorization.success',
  'authorization.error',
  'server_error',
  'userinfo.error',
] as const;

function toEvent(name: string, args: unknown[]): IdpEvent {
  const event: IdpEvent = { name, at: Date.now() };
  for (const arg of args) {
    if (arg instanceof Error) event.error = `${arg.name}: ${arg.message}`;
    else if (arg && typeof arg === 'object' && 'clientId' in arg && typeof arg.clientId === 'string')
      event.clientId = arg.clientId;
    else if (arg && typeof arg === 'object' && 'oidc' in arg) {
      // a Koa context: take the client and account from it when the event has no better source
      const oidc = (arg as { oidc?: { client?: { clientId?: string }; session?: { accountId?: string } } }).oidc;
      event.clientId ??= oidc?.client?.clientId;
      event.accountId ??= oidc?.session?.accountId;
    }
  }
  if (name.startsWith('backchannel.')) {
    const strings = args.filter((a): a is string => typeof a === 'string');
    [event.accountId, event.sid] = strings;
  }
  if (event.clientId === undefined) delete event.clientId;
  if (event.accountId === undefined) delete event.accountId;
  if (event.sid === undefined) delete event.sid;
  return event;
}

/** oidc-provider's default route of each endpoint `endpointPaths` can move, and its discovery member. */
const ENDPOINT_ROUTES: Record<IdpEndpointName, { route: string; discovery: string }> = {
  authorization: { route: '/auth', discovery: 'authorization_endpoint' },
  token: { route: '/token', discovery: 'token_endpoint' },
  userinfo: { route: '/me', discovery: 'userinfo_endpoint' },
  jwks: { route: '/jwks', discovery: 'jwks_uri' },
  end_session: { route: '/session/end', discovery: 'end_session_endpoint' },
};

/** Removes `iss` from an authorization response redirect (one carrying `code` or `error`). */
function dropIssParameter(ctx: KoaContextWithOIDC): void {
  const location = ctx.response.get('location');
  if (!location || !/[?&](code|error)=/.test(location)) return;
  const url = new URL(location);
  if (!url.searchParams.has('iss')) return;
  url.searchParams.delete('iss');
  ctx.set('location', url.href);
}

/**
 * Post-processing of oidc-provider's answers for `endpointPaths` (discovery advertises the moved paths)
 * and the JWKS shape options (`jwksWithoutAlg`, `jwksKeyMembers`, `jwksExtraKeys`).
 */
function shapeAnswers(options: OidcProviderOptions, origin: string) {
  const moved = Object.entries(options.endpointPaths ?? {}) as Array<[IdpEndpointName, string]>;
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const route = ctx.oidc?.route;
    if (options.issParameter === false) dropIssParameter(ctx);
    const body = ctx.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return;
    if (route === 'discovery') {
      for (const [name, path] of moved) body[ENDPOINT_ROUTES[name].discovery] = `${origin}${path}`;
      if (options.issParameter === false) delete body['authorization_response_iss_parameter_supported'];
    } else if (route === 'jwks' && Array.isArray(body['keys'])) {
      const keys = (body['keys'] as Array<Record<string, unknown>>).map((key) => {
        const shaped: Record<string, unknown> = { ...key, ...options.jwksKeyMembers };
        if (options.jwksWithoutAlg) delete shaped['alg'];
        return shaped;
      });
      body['keys'] = [...keys, ...(options.jwksExtraKeys ?? [])];
    }
  };
}

async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  server.listen(port, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a real oidc-provider@9 on 127.0.0.1 (random port) for end-to-end tests. See test/support/README.md.
 */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<OidcProviderIdp> {
  const hideNotices = (): (() => void) => ((options.quiet ?? true) ? hideProviderNotices() : () => undefined);
  let releaseConsole = hideNotices();
  const { default: ProviderClass, errors } = await import('oidc-provider');
  const accounts = new Map<string, IdpAccount>((options.accounts ?? []).map((a) => [a.sub, a]));
  const extras = extraClaimNames(options.accounts ?? [], options.extraClaims);
  const claims = claimsConfig(options, extras);
  const releasable = new Set([...Object.values(claims).flat(), '_claim_names', '_claim_sources', 'password']);
  const clients = [...(options.clients ?? [])];
  const store = new IdpMemoryStore();
  const cookieKeys = newCookieKeys();
  const events = new EventEmitter();
  const eventLog: IdpEvent[] = [];
  let keys = options.keys ?? (await sharedSigningKeys());

  const server = createServer();
  const port = await listen(server, options.port ?? 0, options.host).catch((err: Error) => {
    releaseConsole();
    throw err;
  });
  const origin = `http://${options.host?.includes(':') ? `[${options.host}]` : (options.host ?? '127.0.0.1')}:${port}`;
  const issuer = `${origin}${options.issuerPath ?? ''}`;
  const mount = (options.issuerPath ?? '').replace(/\/$/, '');

  const makeProvider = (): Provider => {
    const configuration = buildConfiguration({ options, clients, accounts, claims, keys, store, cookieKeys, errors });
    const created = new ProviderClass(issuer, configuration);
    created.use(shapeAnswers(options, origin) as Parameters<Provider['use']>[0]);
    for (const name of RELAYED_EVENTS) {
      (created as unknown as EventEmitter).on(name, (...args: unknown[]) => {
        const event = toEvent(name, args);
        eventLog.push(event);
        events.emit(name, event);
      });
    }
    return created;
  };

  let provider: Provider;
  try {
    provider = makeProvider();
  } catch (err) {
    server.close();
    releaseConsole();
    throw err;
  }
  let callback = provider.callback();
  const aliases = new Map(
    (Object.entries(options.endpointPaths ?? {}) as Array<[IdpEndpointName, string]>).map(([name, path]) => [
      path,
      ENDPOINT_ROUTES[name].route,
    ]),
  );
  const handler = createRequestHandler({ origin, mount, accounts, aliases, callback: () => callback });
  server.on('request', handler);

  const discoveryUrl = `${origin}${mount}/.well-known/openid-configuration`;
  const discovery = (await (await fetch(discoveryUrl)).json()) as Record<string, string>;
  const endpoints: IdpEndpoints = {
    discovery: discoveryUrl,
    authorization: discovery.authorization_endpoint,
    token: discovery.token_endpoint,
    userinfo: discovery.userinfo_endpoint,
    jwks: discovery.jwks_uri,
    endSession: discovery.end_session_endpoint,
  };

  const checkClaims = (account: Partial<IdpAccount>): void => {
    const unknown = Object.keys(account).filter((k) => !releasable.has(k));
    if (unknown.length)
      throw new Error(`claims not configured at start (pass them in options.extraClaims): ${unknown.join(', ')}`);
  };

  const closeServer = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
    // let keep-alive clients (undici's pool) see the FIN before the port answers again
    await new Promise((resolve) => setTimeout(resolve, 20));
  };

  const idp: OidcProviderIdp = {
    issuer,
    url: issuer,
    port,
    get provider() {
      return provider;
    },
    endpoints,
    discovery,
    get keys() {
      return keys;
    },
    events,
    eventLog,
    waitForEvent(name, { timeoutMs = 3000, since } = {}) {
      const past = since === undefined ? undefined : eventLog.find((e) => e.name === name && e.at >= since);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off(name, listener);
          reject(new Error(`IdP event ${name} not seen within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (event: IdpEvent): void => {
          clearTimeout(timer);
          resolve(event);
        };
        events.once(name, listener);
      });
    },
    async addClient(client) {
      clients.push(client);
      const metadata = { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], ...client };
      await store.factory('Client').upsert(client.client_id, metadata as ClientMetadata);
    },
    setAccounts(list) {
      list.forEach(checkClaims);
      accounts.clear();
      for (const account of list) accounts.set(account.sub, account);
    },
    updateAccount(sub, patch) {
      checkClaims(patch);
      const current = accounts.get(sub);
      if (!current) throw new Error(`no account ${sub}`);
      accounts.set(sub, { ...current, ...patch, sub });
    },
    async rotateKeys(next) {
      await idp.restart({ keys: next ?? (await generateSigningKeys()) });
      return keys;
    },
    async restart(overrides = {}) {
      if (!server.listening) releaseConsole = hideNotices(); // restarting after stop(): "IdP back up"
      await closeServer();
      if (overrides.keys) keys = overrides.keys;
      provider = makeProvider();
      callback = provider.callback();
      await listen(server, port, options.host);
    },
    async stop() {
      await closeServer();
      releaseConsole();
    },
  };
  return idp;
}

export { STANDARD_CLAIMS };
