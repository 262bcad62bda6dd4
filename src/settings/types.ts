/** How the client authenticates at the token endpoint. */
export const TOKEN_ENDPOINT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

/** Values of `prompt`; `''` sends none. */
export const AUTHORIZATION_PROMPTS = ['', 'none', 'consent', 'login', 'select_account'] as const;
export type AuthorizationPrompt = (typeof AUTHORIZATION_PROMPTS)[number];

/** One `oidcTeams` rule: an exact group value, or with `pattern` a regular expression (`$1` names the team). */
export interface TeamMappingRule {
  group: string;
  /** Team name: shown, and used to find the team when `teamId` is absent or names no team. */
  team: string;
  /** Id of the team (set on save when a team of that name exists): the rule survives a rename. */
  teamId?: string;
  pattern?: boolean;
}

/** The OIDC settings of the CRM, typed, validated, with defaults applied. */
export interface OidcSettings {
  readonly clientId: string;
  /**
   * Audiences besides the client id that an ID or logout token's `aud` may also list (OIDC Core 3.1.3.7
   * step 3); empty by default: any other audience is refused.
   */
  readonly trustedAudiences: readonly string[];
  /** Null when unset. Never log it. */
  readonly clientSecret: string | null;
  /** Every ID token's `iss` must equal it. */
  readonly issuer: string;
  /** `<siteUrl>` + the chosen `oidcRedirectUriPath` (`/oauth-callback` or `/oauth-callback.php`), from the configured site URL. */
  readonly redirectUri: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly userInfoEndpoint: string | null;
  readonly jwksEndpoint: string | null;
  readonly jwtSignatureAlgorithmList: readonly string[];
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Algorithm of the client assertion for `client_secret_jwt` / `private_key_jwt`. */
  readonly clientAssertionAlgorithm: string;
  /** PEM (PKCS#8) or JWK JSON of the client's private key for `private_key_jwt`. Never log it. */
  readonly clientPrivateKey: string | null;
  readonly clientPrivateKeyId: string | null;
  /** Requested scopes, `openid` first, without duplicates. */
  readonly scopes: readonly string[];
  readonly usernameClaim: string;
  readonly createUser: boolean;
  readonly sync: boolean;
  /** With `sync`: a claim present with value null clears its field (default: left alone). */
  readonly syncClearOnNull: boolean;
  readonly teams: readonly TeamMappingRule[];
  readonly groupClaim: string | null;
  readonly syncTeams: boolean;
  /** Create mapped teams that do not exist (from the IdP's groups only); absent: off. */
  readonly createMissingTeams?: boolean;
  /** At most this many teams created per login; absent: 5. */
  readonly createMissingTeamsMax?: number;
  readonly fallback: boolean;
  readonly allowRegularUserFallback: boolean;
  readonly allowAdminUser: boolean;
  readonly linkByEmail: boolean;
  readonly logoutUrl: string | null;
  /** Null: no `prompt` parameter. */
  readonly authorizationPrompt: Exclude<AuthorizationPrompt, ''> | null;
  readonly authorizationPkce: boolean;
  /** Seconds, or null when not sent. */
  readonly authorizationMaxAge: number | null;
  readonly jwksCachePeriodMs: number;
  readonly clockToleranceMs: number;
  /** Development only: http endpoints on non-loopback hosts. */
  readonly allowHttp: boolean;
  /** "Sign in with <label>"; null for the plain label. */
  readonly providerLabel: string | null;
}
