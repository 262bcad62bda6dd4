import type { ConfigValue } from 'crm-host/sdk';

/**
 * Defaults of the OIDC settings, by config key. They equal the `default`s in
 * `metadata/entityDefs/Settings.json` (a test keeps the two in step).
 */
export const OIDC_SETTING_DEFAULTS: Readonly<Record<string, ConfigValue>> = Object.freeze({
  oidcClientId: null,
  oidcClientSecret: null,
  oidcIssuer: null,
  oidcAuthorizationEndpoint: null,
  oidcTokenEndpoint: null,
  oidcUserInfoEndpoint: null,
  oidcJwksEndpoint: null,
  oidcJwtSignatureAlgorithmList: ['RS256'],
  oidcTokenEndpointAuthMethod: 'client_secret_basic',
  oidcClientAssertionAlgorithm: 'RS256',
  oidcClientPrivateKey: null,
  oidcClientPrivateKeyId: null,
  oidcScopes: ['profile', 'email', 'phone'],
  oidcUsernameClaim: 'sub',
  oidcCreateUser: false,
  oidcSync: false,
  oidcSyncClearOnNull: false,
  oidcTeams: [],
  oidcGroupClaim: null,
  oidcSyncTeams: false,
  oidcCreateMissingTeams: false,
  oidcCreateMissingTeamsMax: 5,
  oidcFallback: true,
  oidcAllowRegularUserFallback: false,
  oidcAllowAdminUser: false,
  oidcLinkByEmail: false,
  oidcLogoutUrl: null,
  oidcAuthorizationPrompt: '',
  oidcAuthorizationPkce: true,
  oidcAuthorizationMaxAge: null,
  oidcJwksCachePeriod: '10 minutes',
  oidcClockTolerance: '1 minute',
  oidcAllowHttp: false,
  oidcRedirectUriPath: '/oauth-callback',
  oidcTrustedAudiences: [],
  oidcProviderLabel: null,
  oidcLogMaskedClaims: ['email', 'phone_number', 'address', 'birthdate'],
  oidcApiBearerEnabled: false,
  oidcApiAudience: null,
  oidcApiScopes: [],
  oidcApiAllowedClients: [],
});

/** Largest clock tolerance the reader accepts: more would let expired tokens through for long. */
export const MAX_CLOCK_TOLERANCE_MS = 10 * 60_000;
