/** DI service identifiers of the bearer-token API access domain. */
export const BEARER_TYPES = {
  /** {@link BearerUserCache}: IdP identity -> host user, cached for seconds. */
  UserCache: Symbol.for('oidc-auth.bearer.UserCache'),
  /** {@link BearerCacheOptions}: TTL and size of the user cache. */
  CacheOptions: Symbol.for('oidc-auth.bearer.CacheOptions'),
  /** {@link OidcBearerAuthenticator}, also bound as the host's `TYPES.ApiAuthenticator`. */
  Authenticator: Symbol.for('oidc-auth.bearer.Authenticator'),
} as const;
