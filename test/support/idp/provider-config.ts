import { randomBytes } from 'node:crypto';
import type { ClientMetadata, Configuration, errors as providerErrors, KoaContextWithOIDC } from 'oidc-provider';
import type { ApiResource, IdpAccount, IdpClient, OidcProviderOptions } from './idp-types.js';
import type { IdpMemoryStore } from './memory-store.js';
import type { SigningKeySet } from './signing-keys.js';

/** Standard scope -> claims release (with conformIdTokenClaims false they all reach the ID token). */
export const STANDARD_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: [
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'picture',
    'locale',
    'updated_at',
  ],
  phone: ['phone_number', 'phone_number_verified'],
  groups: ['groups'],
};

/** Members of an account that are not released as claims. */
const NOT_CLAIMS = new Set(['password', '_claim_names', '_claim_sources']);

export const ALL_ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519', 'HS256'];

/** Claim names of the accounts not covered by the standard scopes (released with `openid`). */
export function extraClaimNames(accounts: IdpAccount[], declared: string[] = []): string[] {
  const known = new Set(Object.values(STANDARD_CLAIMS).flat());
  const names = new Set(declared);
  for (const account of accounts) {
    for (const key of Object.keys(account)) if (!known.has(key) && !NOT_CLAIMS.has(key)) names.add(key);
  }
  return [...names];
}

export function claimsConfig(options: OidcProviderOptions, extras: string[]): Record<string, string[]> {
  if (options.claims) return options.claims;
  return { ...STANDARD_CLAIMS, openid: ['sub', ...extras] };
}

function clientMetadata(client: IdpClient): ClientMetadata {
  const method = client.token_endpoint_auth_method ?? 'client_secret_basic';
  return {
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    ...client,
    token_endpoint_auth_method: method,
    id_token_signed_response_alg: client.id_token_signed_response_alg ?? 'RS256',
  } as ClientMetadata;
}

/** oidc-provider's error classes (passed in: importing oidc-provider statically prints its runtime warning). */
export type ProviderErrors = typeof providerErrors;

function resourceIndicators(
  api: ApiResource | undefined,
  errors: ProviderErrors,
): NonNullable<Configuration['features']>['resourceIndicators'] {
  return {
    enabled: true,
    defaultResource: async (_ctx, _client, oneOf) => oneOf ?? undefined,
    useGrantedResource: async () => true,
    getResourceServerInfo: async (_ctx, resource) => {
      if (!api || resource !== api.audience) throw new errors.InvalidTarget();
      return {
        audience: api.audience,
        scope: (api.scopes ?? ['crm.read', 'crm.write']).join(' '),
        accessTokenTTL: api.ttl ?? 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: api.alg ?? 'RS256' } },
      };
    },
  };
}

export interface ConfigInputs {
  options: OidcProviderOptions;
  clients: IdpClient[];
  accounts: Map<string, IdpAccount>;
  claims: Record<string, string[]>;
  keys: SigningKeySet;
  store: IdpMemoryStore;
  cookieKeys: string[];
  errors: ProviderErrors;
}

export function newCookieKeys(): string[] {
  return [randomBytes(24).toString('base64url')];
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The end-session confirm page: oidc-provider's form (with the xsrf field) and the two usual buttons. */
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.body = `<!DOCTYPE html><html><head><title>Sign out</title></head><body>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button></body></html>`;
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.body = '<!DOCTYPE html><html><head><title>Signed out</title></head><body>signed out</body></html>';
}

/** Error page showing error and error_description (tests read them). */
async function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><title>error</title></head><body><pre id="error">${escapeHtml(out.error)}</pre><pre id="error_description">${escapeHtml(out.error_description ?? '')}</pre></body></html>`;
}

/** Builds the oidc-provider configuration of a test IdP. */
export function buildConfiguration(inputs: ConfigInputs): Configuration {
  const { options, accounts } = inputs;
  const skipConsent = options.skipConsent ?? false;
  const pkceRequired = options.pkceRequired ?? true;
  const base: Configuration = {
    clients: inputs.clients.map(clientMetadata),
    jwks: inputs.keys.privateJwks as Configuration['jwks'],
    cookies: { keys: inputs.cookieKeys },
    adapter: inputs.store.factory,
    claims: inputs.claims,
    conformIdTokenClaims: options.conformIdTokenClaims ?? false,
    pkce: { required: () => pkceRequired },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
      ...options.ttl,
    },
    renderError,
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => {
          const current = accounts.get(sub) ?? account;
          return Object.fromEntries(Object.entries(current).filter(([k]) => k !== 'password')) as { sub: string };
        },
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!skipConsent || !session.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
        const wanted = [...ctx.oidc.requestParamScopes].filter((scope) => server.scopes.has(scope));
        if (wanted.length) grant.addResourceScope(indicator, wanted.join(' '));
      }
      await grant.save();
      return grant;
    },
    enabledJWA: {
      idTokenSigningAlgValues: ALL_ALGS as never,
      clientAuthSigningAlgValues: ALL_ALGS as never,
      userinfoSigningAlgValues: ALL_ALGS as never,
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      backchannelLogout: { enabled: true },
      claimsParameter: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: resourceIndicators(options.apiResource, inputs.errors),
    },
    // oidc-provider refuses loopback targets through its SSRF-protected dispatcher; the RP under test
    // listens on 127.0.0.1, so drop the dispatcher (test-only).
    fetch: (url: string | URL | Request, init?: RequestInit) => {
      const options = { ...init } as RequestInit & { dispatcher?: unknown };
      delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
  };
  const features = { ...base.features, ...options.configuration?.features } as Configuration['features'];
  return { ...base, ...options.configuration, features };
}
