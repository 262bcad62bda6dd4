/** DI service identifiers of the logout domain (`Symbol.for('oidc-auth.logout.<Name>')`). */
export const LOGOUT_TYPES = {
  /** {@link EndSessionRedirect}: builds the IdP end-session URL after the host ended an Oidc session. */
  EndSessionRedirect: Symbol.for('oidc-auth.logout.EndSessionRedirect'),
  /** {@link EndSessionEndpointSource}: the IdP's `end_session_endpoint` (discovery); replaceable. */
  EndSessionEndpointSource: Symbol.for('oidc-auth.logout.EndSessionEndpointSource'),
  /** {@link OidcTokenVerifiers}: verifiers for logout and access tokens built from the current settings. */
  OidcTokenVerifiers: Symbol.for('oidc-auth.logout.OidcTokenVerifiers'),
  /** {@link LogoutJtiStore}: single use of logout-token `jti` values across host processes. */
  LogoutJtiStore: Symbol.for('oidc-auth.logout.LogoutJtiStore'),
  /** {@link BackchannelLogoutService}: validates a logout token and ends the matching sessions. */
  BackchannelLogoutService: Symbol.for('oidc-auth.logout.BackchannelLogoutService'),
  /** {@link RefusalLimits}: refused back-channel requests per client IP before 429 (constant; rebind to tune). */
  RefusalLimits: Symbol.for('oidc-auth.logout.RefusalLimits'),
  /** {@link ProviderConfigurations} (optional): the authentication providers' settings, for back-channel logout. */
  ProviderConfigurations: Symbol.for('oidc-auth.logout.ProviderConfigurations'),
  /** Hooks told which IdP identity was logged out by the back channel (e.g. the bearer user cache). */
  BackchannelLogoutListener: Symbol.for('oidc-auth.logout.BackchannelLogoutListener'),
} as const;
