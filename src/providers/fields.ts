import type { ConfigValue } from 'crm-host/sdk';
import { REDIRECT_PATH, type RedirectPath } from '../settings/redirect-path.js';

/** The authentication method a provider uses; the only provider-capable one. */
export const PROVIDER_METHOD = 'Oidc';

/**
 * Settings a provider has, under the CRM's config keys (the same field definitions, defaults and rules):
 * the fields EspoCRM's AuthenticationProvider has, plus this extension's client authentication options.
 */
export const PROVIDER_FIELDS = [
  'oidcClientId',
  'oidcClientSecret',
  'oidcIssuer',
  'oidcAuthorizationEndpoint',
  'oidcTokenEndpoint',
  'oidcUserInfoEndpoint',
  'oidcJwksEndpoint',
  'oidcJwtSignatureAlgorithmList',
  'oidcTrustedAudiences',
  'oidcTokenEndpointAuthMethod',
  'oidcClientAssertionAlgorithm',
  'oidcClientPrivateKey',
  'oidcClientPrivateKeyId',
  'oidcScopes',
  'oidcUsernameClaim',
  'oidcCreateUser',
  'oidcSync',
  'oidcSyncClearOnNull',
  'oidcLogoutUrl',
  'oidcAuthorizationPrompt',
  'oidcAuthorizationPkce',
  'oidcProviderLabel',
] as const;

export type ProviderField = (typeof PROVIDER_FIELDS)[number];

/** Never returned by the API (only `{ isSet }`); set with a value, unset with null, kept when absent. */
export const PROVIDER_SECRET_FIELDS: ReadonlySet<string> = new Set(['oidcClientSecret', 'oidcClientPrivateKey']);

/**
 * Forced off for providers, as EspoCRM does: no team mapping, no password fallback (a portal has no CRM
 * password form), no admin sign-in, and no linking of existing accounts by e-mail.
 */
export const PROVIDER_FORCED: Readonly<Record<string, ConfigValue>> = Object.freeze({
  oidcTeams: [],
  oidcGroupClaim: null,
  oidcSyncTeams: false,
  oidcFallback: false,
  oidcAllowRegularUserFallback: false,
  oidcAllowAdminUser: false,
  oidcLinkByEmail: false,
});

/** Always read from the CRM's config (EspoCRM does the same for max age and the JWKS cache period). */
export const PROVIDER_GLOBAL_FIELDS = [
  'oidcAuthorizationMaxAge',
  'oidcJwksCachePeriod',
  'oidcClockTolerance',
  'oidcAllowHttp',
  'oidcRedirectUriPath',
] as const;

/**
 * Path of a provider's redirect URI below the site URL, one per portal linked to it. `path`: the CRM's
 * chosen `oidcRedirectUriPath` (portals follow the CRM's choice, as EspoCRM's portal URLs end in
 * `/oauth-callback.php` too).
 */
export function portalRedirectPath(urlId: string, path: RedirectPath = REDIRECT_PATH): string {
  return `/portal/${urlId}${path}`;
}

/** Path of a provider's back-channel logout endpoint at one of its portals. */
export function portalBackchannelPath(urlId: string): string {
  return `/portal/${urlId}/backchannelLogout`;
}

/** Path that starts a portal's login through its provider. */
export function portalLoginPath(urlId: string): string {
  return `/portal/${urlId}/oidc/login`;
}
