/** Warnings of a discovery report (registry as data: code -> setting and message template). */
export const DISCOVERY_WARNINGS = {
  WARN_OIDC_DISCOVERY_ALGS_NOT_REGISTERED: {
    setting: 'oidcJwtSignatureAlgorithmList',
    text: 'Discovery advertises signing algorithms this CRM has no implementation for: {list}',
  },
  WARN_OIDC_DISCOVERY_ALGS_NOT_ADVERTISED: {
    setting: 'oidcJwtSignatureAlgorithmList',
    text: 'Allowed algorithms that discovery does not advertise for ID tokens: {list}',
  },
  WARN_OIDC_DISCOVERY_NO_JWKS: {
    setting: 'oidcJwksEndpoint',
    text: 'Discovery advertises no jwks_uri: unless a JWKS endpoint is configured, only HMAC (HS*) ID tokens can be verified',
  },
  WARN_OIDC_DISCOVERY_NO_USERINFO: {
    setting: 'oidcUserInfoEndpoint',
    text: 'Discovery advertises no userinfo endpoint: unless one is configured, claims come from the ID token only',
  },
  WARN_OIDC_DISCOVERY_AUTH_METHOD_NOT_ADVERTISED: {
    setting: 'oidcTokenEndpointAuthMethod',
    text: 'Discovery does not advertise the configured authentication method {value} (it lists: {list}); the token endpoint may refuse it',
  },
  WARN_OIDC_DISCOVERY_ASSERTION_ALG_NOT_ADVERTISED: {
    setting: 'oidcClientAssertionAlgorithm',
    text: 'Discovery does not advertise {value} for client assertions (it lists: {list}); the token endpoint may refuse it',
  },
  WARN_OIDC_DISCOVERY_PKCE_S256_MISSING: {
    setting: 'oidcAuthorizationPkce',
    text: 'Discovery does not list S256 in code_challenge_methods_supported; PKCE S256 may be refused',
  },
  WARN_OIDC_DISCOVERY_SCOPES_NOT_ADVERTISED: {
    setting: 'oidcScopes',
    text: 'Requested scopes that discovery does not advertise: {list}',
  },
  WARN_OIDC_DISCOVERY_GROUP_CLAIM_NOT_ADVERTISED: {
    setting: 'oidcGroupClaim',
    text: 'The group claim {value} is not among the claims discovery advertises',
  },
  WARN_OIDC_DISCOVERY_NO_ISS_PARAMETER: {
    setting: null,
    text: 'Discovery does not advertise the RFC 9207 iss parameter, so the callback does not require it; an iss the identity provider sends is still checked, and mix-up protection relies on the exact issuer check',
  },
  WARN_OIDC_DISCOVERY_NO_END_SESSION: {
    setting: 'oidcLogoutUrl',
    text: 'Discovery advertises no end_session_endpoint: unless a logout URL is configured, signing out of the CRM does not end the IdP session',
  },
  WARN_OIDC_DISCOVERY_NO_BACKCHANNEL: {
    setting: null,
    text: 'Discovery does not advertise back-channel logout: unless the identity provider supports it anyway, signing out at the IdP does not end CRM sessions',
  },
} as const satisfies Record<string, { setting: string | null; text: string }>;

export type DiscoveryWarningCode = keyof typeof DISCOVERY_WARNINGS;

export interface DiscoveryWarning {
  readonly code: DiscoveryWarningCode;
  readonly setting: string | null;
  readonly message: string;
  /** `OidcClient.warnings.<code>`. */
  readonly i18nKey: string;
}

export function discoveryWarning(
  code: DiscoveryWarningCode,
  vars: { list?: readonly string[]; value?: string } = {},
): DiscoveryWarning {
  const spec = DISCOVERY_WARNINGS[code];
  const message = spec.text
    .replace('{list}', (vars.list ?? []).join(', ') || '(none)')
    .replace('{value}', vars.value ?? '');
  return { code, setting: spec.setting, message, i18nKey: `OidcClient.warnings.${code}` };
}
