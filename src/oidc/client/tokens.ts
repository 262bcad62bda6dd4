/** DI service identifiers of the OIDC protocol client (token, userinfo, discovery, client authentication). */
export const OIDC_CLIENT_TYPES = {
  /** {@link TokenClient}: redeems an authorization code at the token endpoint. */
  TokenClient: Symbol.for('oidc-auth.oidc.client.TokenClient'),
  /** {@link UserInfoClient}: reads the userinfo endpoint with the access token. */
  UserInfoClient: Symbol.for('oidc-auth.oidc.client.UserInfoClient'),
  /** {@link DiscoveryClient}: reads `<issuer>/.well-known/openid-configuration`, with a per-issuer cache. */
  DiscoveryClient: Symbol.for('oidc-auth.oidc.client.DiscoveryClient'),
  /** {@link ClientAuthStrategy}: one multi-binding per token endpoint authentication method. */
  ClientAuthStrategy: Symbol.for('oidc-auth.oidc.client.ClientAuthStrategy'),
  /** {@link OidcClientOptions}: timeouts, size caps and cache lifetimes (constant binding; rebind to tune). */
  Options: Symbol.for('oidc-auth.oidc.client.Options'),
} as const;
