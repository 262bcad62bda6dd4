import type { OidcSettings } from '../../settings/index.js';

/** What the token endpoint answered to a code redemption (RFC 6749 §5.1, OIDC Core §3.1.3.3). */
export interface TokenSet {
  /** The raw ID token (not yet verified: the caller verifies it). */
  idToken: string;
  accessToken: string | null;
  /** Lowercased (`bearer`). */
  tokenType: string | null;
  /** Seconds. */
  expiresIn: number | null;
  refreshToken: string | null;
  scope: string | null;
}

export interface TokenClient {
  /** Redeems `code` once (never retried). Throws `OidcClientError` (`ERR_OIDC_TOKEN_*`, `ERR_OIDC_CLIENT_*`). */
  exchangeCode(input: {
    settings: OidcSettings;
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<TokenSet>;
}

export interface UserInfoClient {
  /**
   * Reads the userinfo endpoint (`settings.userInfoEndpoint`) with `Authorization: Bearer`; the answer's
   * `sub` must equal `expectedSub` (the verified ID token's). Throws `OidcClientError` (`ERR_OIDC_USERINFO_*`).
   */
  fetch(input: { settings: OidcSettings; accessToken: string; expectedSub: string }): Promise<Record<string, unknown>>;
}

/** The OpenID Provider metadata the extension uses (OIDC Discovery 1.0 §3), checked and typed. */
export interface DiscoveryResult {
  /** Equal to the issuer that was asked for, character for character. */
  readonly issuer: string;
  /** The URL the document was read from. */
  readonly discoveryUrl: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly userInfoEndpoint: string | null;
  readonly jwksUri: string | null;
  readonly endSessionEndpoint: string | null;
  readonly revocationEndpoint: string | null;
  readonly idTokenSigningAlgValuesSupported: readonly string[];
  readonly userinfoSigningAlgValuesSupported: readonly string[];
  /** Defaults to `['client_secret_basic']` when absent (Discovery §3). */
  readonly tokenEndpointAuthMethodsSupported: readonly string[];
  readonly tokenEndpointAuthSigningAlgValuesSupported: readonly string[];
  readonly scopesSupported: readonly string[];
  readonly claimsSupported: readonly string[];
  readonly responseTypesSupported: readonly string[];
  readonly codeChallengeMethodsSupported: readonly string[];
  /** RFC 9207: when true the callback must require the `iss` parameter. */
  readonly authorizationResponseIssParameterSupported: boolean;
  readonly backchannelLogoutSupported: boolean;
  readonly backchannelLogoutSessionSupported: boolean;
  readonly frontchannelLogoutSupported: boolean;
  /** When the document was read (ms since the epoch). */
  readonly fetchedAt: number;
}

export interface DiscoveryOptions {
  /** `oidcAllowHttp`: plain http for non-loopback hosts (development only). */
  allowHttp?: boolean;
}

export interface DiscoveryClient {
  /** Reads and checks the issuer's discovery document now (no cache). Throws `ERR_OIDC_DISCOVERY_*`. */
  discover(issuer: string, options?: DiscoveryOptions): Promise<DiscoveryResult>;
  /**
   * The issuer's metadata from a short-lived cache, refreshed in the background when stale. Waits at most
   * `maxWaitMs` for a fetch; answers the last good document (or null) when the IdP is down or slow. Never throws.
   */
  metadataFor(issuer: string, options?: DiscoveryOptions & { maxWaitMs?: number }): Promise<DiscoveryResult | null>;
}

/** A token request being prepared: the form fields and headers a strategy adds its credentials to. */
export interface TokenRequestDraft {
  readonly form: URLSearchParams;
  readonly headers: Record<string, string>;
}

/**
 * One token endpoint authentication method (OIDC Core §9), bound as a multi-binding of
 * `OIDC_CLIENT_TYPES.ClientAuthStrategy` and picked by {@link method} from `oidcTokenEndpointAuthMethod`.
 */
export interface ClientAuthStrategy {
  /** e.g. `client_secret_basic`. */
  readonly method: string;
  /** Adds the client credentials to `draft` (`audience` is the token endpoint URL, for assertions). */
  apply(settings: OidcSettings, draft: TokenRequestDraft, audience: string): Promise<void> | void;
}

/** Tunables of the protocol client. */
export interface OidcClientOptions {
  /** Token endpoint budget, ms (whole exchange). */
  readonly tokenTimeoutMs: number;
  readonly userInfoTimeoutMs: number;
  readonly discoveryTimeoutMs: number;
  /** Largest response body accepted from any endpoint, bytes. */
  readonly maxResponseBytes: number;
  /** How long a discovery document is served from the cache before a background refresh. */
  readonly discoveryTtlMs: number;
  /** How long a cached document is still served while the IdP cannot be reached. */
  readonly discoveryMaxStaleMs: number;
  /** After a failed refresh, no new attempt for this long (the stale copy is served meanwhile). */
  readonly discoveryRetryAfterMs: number;
  /** Default `maxWaitMs` of `metadataFor`. */
  readonly discoveryMaxWaitMs: number;
  /** Lifetime of a client assertion (`exp - iat`), seconds. */
  readonly assertionLifetimeSec: number;
}

export const DEFAULT_OIDC_CLIENT_OPTIONS: OidcClientOptions = {
  tokenTimeoutMs: 10_000,
  userInfoTimeoutMs: 10_000,
  discoveryTimeoutMs: 5_000,
  maxResponseBytes: 1024 * 1024,
  discoveryTtlMs: 5 * 60_000,
  discoveryMaxStaleMs: 24 * 3_600_000,
  discoveryRetryAfterMs: 30_000,
  discoveryMaxWaitMs: 2_000,
  assertionLifetimeSec: 60,
};
