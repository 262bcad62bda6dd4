import type { IncomingHttpHeaders } from 'node:http';
import type { JWK } from 'jose';
import type { SigningKeySet } from '../idp/signing-keys.js';
import type { AuthorizeBehaviour } from './authorize-behaviours.js';
import type { DiscoveryBehaviour, JwksBehaviour, TokenBehaviour, UserinfoBehaviour } from './endpoint-behaviours.js';
import type { JwtDefectName } from './jwt-defects.js';

export type FakeOpAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'HS256';
export type FakeOpAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

export interface FakeOpOptions {
  /** Default 'client'. */
  clientId?: string;
  /** Default: a random 43-character secret. */
  clientSecret?: string;
  /** When set, /authorize accepts only these redirect URIs (exact match). Default: any http(s) URI. */
  redirectUris?: string[];
  /** ID token signing algorithm (default RS256). */
  alg?: FakeOpAlg;
  /**
   * Put `at_hash` (over the issued access token, with the hash of `alg`; OIDC Core 3.1.3.6) into ID tokens
   * issued at the token endpoint, as some IdPs do (default off, as oidc-provider in the code flow).
   */
  atHash?: boolean;
  /** Token endpoint client authentication required (default: any of basic/post/jwt methods, as presented). */
  tokenEndpointAuthMethod?: FakeOpAuthMethod;
  /** The client's public keys (private_key_jwt). */
  clientJwks?: { keys: JWK[] };
  /** Signing keys (default: the process-wide shared set). */
  keys?: SigningKeySet;
  /** The end user's claims (default alice with email, profile and groups). */
  user?: Record<string, unknown> & { sub: string };
  /** Claims released only by userinfo, never in the ID token (rp-scope-userinfo-claims). */
  userinfoOnlyClaims?: string[];
  /** Seconds added to the OP's clock (iat/exp/auth_time), for skew tests. */
  clockOffsetSec?: number;
  /** Issuer path below the origin, e.g. '/realms/crm' (Keycloak-shaped); default ''. */
  issuerPath?: string;
  /** Send `iss` in the authorization response and advertise RFC 9207 (default true). */
  issParameter?: boolean;
  /** Require PKCE S256 at /authorize (default true). */
  requirePkce?: boolean;
  /** Access tokens from /token: opaque (default) or RFC 9068 JWTs for `apiAudience`. */
  accessTokenFormat?: 'opaque' | 'jwt';
  apiAudience?: string;
  /** ID token / access token lifetime in seconds (default 600). */
  tokenTtlSec?: number;
  /** Listen port (default 0). */
  port?: number;
}

/** Per-test switches; `behave()` merges them, `reset()` clears them. */
export interface FakeOpBehaviour {
  /** Defects applied to every ID token /token issues (in order). */
  idToken: JwtDefectName[];
  /** Claims merged into the ID token payload (value undefined deletes the claim). */
  idTokenClaims: Record<string, unknown>;
  authorize?: AuthorizeBehaviour;
  token?: TokenBehaviour;
  userinfo?: UserinfoBehaviour;
  jwks?: JwksBehaviour;
  discovery?: DiscoveryBehaviour;
  /** Delay of the `slow` behaviours in ms (default 15000; the OP stops waiting when the client hangs up). */
  delayMs: number;
}

export type FakeOpEndpoint =
  'discovery' | 'jwks' | 'jwksMoved' | 'authorize' | 'token' | 'tokenMoved' | 'userinfo' | 'endSession' | 'unknown';

export interface RecordedRequest {
  endpoint: FakeOpEndpoint;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface TokenRequestInfo {
  /** Client authentication method the request used, as detected. */
  authMethod: FakeOpAuthMethod | 'ambiguous' | 'unauthenticated';
  form: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** State of one authorization code. */
export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  scope: string;
  sub: string;
  claims: Record<string, unknown>;
  authTime: number;
  sid: string;
  used: boolean;
  accessTokens: string[];
}

/** What one successful token response carried. */
export interface IssuedTokens {
  sub: string;
  sid: string;
  nonce?: string;
  idToken: string;
  accessToken: string;
}
