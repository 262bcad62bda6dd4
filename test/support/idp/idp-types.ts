import type { JWK } from 'jose';
import type { Configuration } from 'oidc-provider';
import type { SigningKeySet } from './signing-keys.js';

export type TokenEndpointAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

export type IdTokenAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'HS256';

/** A client (relying party) registered at the test IdP; unknown members pass through as client metadata. */
export interface IdpClient {
  client_id: string;
  /** Required for client_secret_* methods and for HS256 ID tokens (the HMAC key is its UTF-8 bytes). */
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  /** Default client_secret_basic. */
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  /** Algorithm of the client's assertion for client_secret_jwt / private_key_jwt. */
  token_endpoint_auth_signing_alg?: string;
  /** Default RS256. */
  id_token_signed_response_alg?: IdTokenAlg;
  /** The client's PUBLIC keys, for private_key_jwt. */
  jwks?: { keys: JWK[] };
  [metadata: string]: unknown;
}

/**
 * An end user of the test IdP. `sub` is also the login name typed into devInteractions (which ignores the
 * password). Every other member is a claim: standard ones (email, groups, ...) or arbitrary ones such as
 * Keycloak's `realm_access: { roles: [...] }` or Entra's overage `_claim_names`/`_claim_sources`.
 */
export interface IdpAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  phone_number?: string;
  preferred_username?: string;
  groups?: string[] | string;
  [claim: string]: unknown;
}

export type IdpTtl = Partial<
  Record<'AccessToken' | 'AuthorizationCode' | 'IdToken' | 'Session' | 'Interaction' | 'Grant' | 'RefreshToken', number>
>;

export interface OidcProviderOptions {
  clients?: IdpClient[];
  accounts?: IdpAccount[];
  /** oidc-provider's conformIdTokenClaims; default false so scope claims (groups, email...) reach the ID token. */
  conformIdTokenClaims?: boolean;
  /** PKCE required for every client (default true). */
  pkceRequired?: boolean;
  /** Lifetimes in seconds. */
  ttl?: IdpTtl;
  /** Signing keys (default: one RSA, one EC P-256, one Ed25519 key shared by the process). */
  keys?: SigningKeySet;
  /** Grant every requested scope/claim without the consent screen (default false: consent is asked). */
  skipConsent?: boolean;
  /** Claims config (scope -> claim names); default covers openid/email/profile/phone/groups + account extras. */
  claims?: Record<string, string[]>;
  /** Extra claim names (released with `openid`) besides those found in `accounts`, for later setAccounts(). */
  extraClaims?: string[];
  /**
   * Path of the issuer below the origin, e.g. '/realms/crm' (Keycloak shape) or '/application/o/crm/'
   * (authentik shape: the trailing slash is part of the issuer). Default '' (issuer = origin).
   */
  issuerPath?: string;
  /** Listen port (default 0: any free port). */
  port?: number;
  /**
   * Listen address (default `127.0.0.1`). A non-loopback address of this machine (e.g. the first of
   * `os.networkInterfaces()`) gives a plain-http issuer that needs `oidcAllowHttp`.
   */
  host?: string;
  /** Hide oidc-provider's console warnings (Node 20 runtime, devInteractions); default true. */
  quiet?: boolean;
  /**
   * An API (resource server) for which the IdP issues RFC 9068 JWT access tokens (typ at+jwt): request it with
   * `resource=<audience>` (authorization and token requests) and its scopes in `scope`. Without `resource`,
   * access tokens stay opaque and valid for userinfo.
   */
  apiResource?: ApiResource;
  /**
   * Serve (and advertise in discovery) these endpoints at other absolute paths of the IdP's origin than
   * oidc-provider's, inside or outside the issuer path, to reproduce a product's URL layout, e.g. authentik's
   * `{ authorization: '/application/o/authorize/', jwks: '/application/o/<slug>/jwks/' }`. oidc-provider's
   * own paths keep working.
   */
  endpointPaths?: Partial<Record<IdpEndpointName, string>>;
  /**
   * `false`: no RFC 9207 `iss` in authorization responses and none advertised in discovery (Entra ID and
   * other IdPs without RFC 9207). Default true (oidc-provider's behaviour).
   */
  issParameter?: boolean;
  /** Publish the JWKS without `alg` members (Entra ID); tokens are still signed with the same keys. */
  jwksWithoutAlg?: boolean;
  /** Members added to every published key, e.g. Entra's `issuer` (JWKS only; signing is unchanged). */
  jwksKeyMembers?: Record<string, unknown>;
  /** Public keys published after the signing keys and never used to sign, e.g. Keycloak's `use: enc` key. */
  jwksExtraKeys?: JWK[];
  /** Escape hatch merged over the generated configuration. */
  configuration?: Partial<Configuration>;
}

/** Endpoints whose path `endpointPaths` can change. */
export type IdpEndpointName = 'authorization' | 'token' | 'userinfo' | 'jwks' | 'end_session';

/** One event of the IdP, as recorded in `eventLog`. */
export interface IdpEvent {
  name: string;
  at: number;
  clientId?: string;
  accountId?: string;
  sid?: string;
  error?: string;
}

export interface ApiResource {
  /** The resource indicator, also the `aud` of its access tokens (e.g. 'https://crm.example/api'). */
  audience: string;
  /** Scopes of the API (default ['crm.read', 'crm.write']). */
  scopes?: string[];
  /** Signing algorithm of its access tokens (default RS256). */
  alg?: 'RS256' | 'PS256' | 'ES256' | 'EdDSA';
  /** Access token lifetime in seconds (default 600). */
  ttl?: number;
}
