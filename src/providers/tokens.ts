/** DI service identifiers of the authentication-provider (portal) domain (`src/providers/`). */
export const PROVIDER_TYPES = {
  /** {@link AuthenticationProviderService}: CRUD and lookups of providers. */
  ProviderService: Symbol.for('oidc-auth.providers.ProviderService'),
  /** {@link PortalLoginPageSource}: the sign-in button of a portal whose provider is one of ours. */
  PortalLoginPageSource: Symbol.for('oidc-auth.providers.PortalLoginPageSource'),
} as const;
