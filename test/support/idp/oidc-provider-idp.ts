import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import type { IdpAccount, IdpClient, IdpEvent, OidcProviderOptions } from './idp-types.js';
import { IdpMemoryStore } from './memory-store.js';
import { buildConfiguration, claimsConfig, extraClaimNames, newCookieKeys, STANDARD_CLAIMS } from './provider-config.js';
import { generateSigningKeys, sharedSigningKeys, type SigningKeySet } from './signing-keys.js';

export type * from './idp-types.js';

/** Endpoints of the IdP, read from its discovery document. */
export interface IdpEndpoints {
  discovery: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
}

export interface OidcProviderIdp {
  /** `http://127.0.0.1:<port>` (no trailing slash): the exact `iss` of every token. */
  readonly issuer: string;
  /** Same as issuer (base URL of every endpoint). */
  readonly url: string;
  readonly port: number;
  /** The current oidc-provider instance (a new one after restart()/rotateKeys()). */
  readonly provider: Provider;
  readonly endpoints: IdpEndpoints;
  readonly discovery: Record<string, unknown>;
  /** Current signing keys (public half: `keys.publicJwks`). */
  readonly keys: SigningKeySet;
  /** Re-emits oidc-provider events as IdpEvent (names as oidc-provider's: 'backchannel.success', ...). */
  readonly events: EventEmitter;
  readonly eventLog: IdpEvent[];
  /** Resolves with the next event of that name (or one already logged after `since`), rejects on timeout. */
  waitForEvent(name: string, options?: { timeoutMs?: number; since?: number }): Promise<IdpEvent>;
  /** Registers another client at runtime (kept across restarts). */
  addClient(client: IdpClient): Promise<void>;
  /** Replaces all accounts; effective for the next login/token/userinfo. */
  setAccounts(accounts: IdpAccount[]): void;
  /** Merges claims into one account. */
  updateAccount(sub: string, claims: Partial<IdpAccount>): void;
  /** Restarts on the same port with fresh (or given) keys; sessions and grants survive. Returns the new keys. */
  rotateKeys(keys?: SigningKeySet): Promise<SigningKeySet>;
  /** Closes the listener and opens it again on the same port with a new provider instance. */
  restart(overrides?: { keys?: SigningKeySet }): Promise<void>;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
}

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

/** Runs `fn` with oidc-provider's console warnings hidden (they are expected in tests). */
async function quietly<T>(quiet: boolean, fn: () => Promise<T>): Promise<T> {
  if (!quiet) return fn();
  const { warn, info } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE)/.test(args[0])) return;
      original(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await fn();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

function toEvent(name: string, args: unknown[]): IdpEvent {
  const event: IdpEvent = { name, at: Date.now() };
  for (const arg of args) {
    if (arg instanceof Error) event.error = `${arg.name}: ${arg.message}`;
    else if (arg && typeof arg === 'object' && 'clientId' in arg && typeof arg.clientId === 'string') event.clientId = arg.clientId;
  }
  if (name.startsWith('backchannel.')) {
    const strings = args.filter((a): a is string => typeof a === 'string');
    [event.accountId, event.sid] = strings;
  }
  return event;
}

async function listen(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/**
 * Starts a real oidc-provider@9 on 127.0.0.1 (random port) for end-to-end tests. See test/support/README.md.
 */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<OidcProviderIdp> {
  const quiet = options.quiet ?? true;
  const { default: ProviderClass } = await quietly(quiet, () => import('oidc-provider'));
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
  const port = await listen(server, options.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;

  const makeProvider = (): Promise<Provider> =>
    quietly(quiet, async () => {
      const configuration = buildConfiguration({ options, clients, accounts, claims, keys, store, cookieKeys });
      const provider = new ProviderClass(issuer, configuration);
      for (const name of RELAYED_EVENTS) {
        (provider as unknown as EventEmitter).on(name, (...args: unknown[]) => {
          const event = toEvent(name, args);
          eventLog.push(event);
          events.emit(name, event);
        });
      }
      return provider;
    });

  let provider = await makeProvider();
  const handler = (req: Parameters<ReturnType<Provider['callback']>>[0], res: Parameters<ReturnType<Provider['callback']>>[1]) =>
    provider.callback()(req, res);
  server.on('request', handler);

  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
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
    if (unknown.length) throw new Error(`claims not configured at start (pass them in options.extraClaims): ${unknown.join(', ')}`);
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
      await closeServer();
      if (overrides.keys) keys = overrides.keys;
      provider = await makeProvider();
      await listen(server, port);
    },
    stop: closeServer,
  };
  return idp;
}

export { STANDARD_CLAIMS };
