import type { SiteUrl } from 'crm-host/sdk';
import { MAX_CLOCK_TOLERANCE_MS } from './defaults.js';
import { checkEndpoint } from './endpoint-policy.js';
import { OidcSettingsError } from './errors.js';
import { REDIRECT_PATH, REDIRECT_PATH_SETTING, REDIRECT_PATHS } from './redirect-path.js';
import { AUTHORIZATION_PROMPTS, TOKEN_ENDPOINT_AUTH_METHODS, type OidcSettings } from './types.js';
import { SettingValues, type ConfigReader } from './value-reader.js';

/** Path of the default redirect URI (the callback route) below the site URL (see `redirect-path.ts`). */
export { REDIRECT_PATH };

const MAX_JWKS_CACHE_MS = 7 * 86_400_000;
const MAX_AGE_LIMIT = 10 * 365 * 86_400;

export interface ReadOidcSettingsOptions {
  /**
   * Whether an algorithm is verified with the client secret (HMAC) rather than keys from the JWKS.
   * Default: the `HS*` family. Pass the algorithm registry's view to honour custom algorithms.
   */
  isSymmetricAlgorithm?: (alg: string) => boolean;
  /**
   * Path of the redirect URI below the site URL (default: the chosen `oidcRedirectUriPath`,
   * `/oauth-callback` or `/oauth-callback.php`; a portal's is `/portal/<urlId>/<that path>`). `null`: read
   * without a redirect URI (`redirectUri` is `''`), for uses that never send one (logout-token verification).
   */
  redirectPath?: string | null;
}

const defaultIsSymmetric = (alg: string): boolean => /^HS\d+$/.test(alg);

/** `<siteUrl><path>` (default `/oauth-callback`) from the configured site URL (never from a request). */
export function redirectUriFor(siteUrl: string | SiteUrl, path: string = REDIRECT_PATH): string {
  const base = typeof siteUrl === 'string' ? siteUrl : siteUrl.get();
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * Reads, type-checks and validates the OIDC settings for a login. Applies defaults, parses durations
 * to milliseconds, derives the redirect URI, checks endpoints (https except loopback unless
 * `oidcAllowHttp`) and the combinations a login needs. Throws {@link OidcSettingsError} naming every
 * problem setting (never a value).
 */
export function readOidcSettings(
  config: ConfigReader,
  siteUrl: string | SiteUrl,
  options: ReadOidcSettingsOptions = {},
): OidcSettings {
  const isSymmetric = options.isSymmetricAlgorithm ?? defaultIsSymmetric;
  const v = new SettingValues(config);
  const allowHttp = v.bool('oidcAllowHttp');

  const endpoint = (key: string, required: boolean): string | null => {
    const value = required ? v.requiredString(key) : v.optionalString(key);
    if (!value) return required ? '' : null;
    const problem = checkEndpoint(key, value, { allowHttp });
    if (problem) v.problem(problem.setting, problem.code, problem.detail);
    return value;
  };

  const clientId = v.requiredString('oidcClientId');
  const clientSecret = v.optionalString('oidcClientSecret');
  const issuer = endpoint('oidcIssuer', true) as string;
  if (issuer.length > 255) v.problem('oidcIssuer', 'ERR_OIDC_SETTING_INVALID', 'at most 255 characters');
  if (issuer && /[?#]/.test(issuer))
    v.problem('oidcIssuer', 'ERR_OIDC_ENDPOINT_INVALID', 'an issuer has no query or fragment');
  const authorizationEndpoint = endpoint('oidcAuthorizationEndpoint', true) as string;
  const tokenEndpoint = endpoint('oidcTokenEndpoint', true) as string;
  const userInfoEndpoint = endpoint('oidcUserInfoEndpoint', false);
  const algorithms = v.stringList('oidcJwtSignatureAlgorithmList');
  if (algorithms.length === 0) v.problem('oidcJwtSignatureAlgorithmList', 'ERR_OIDC_SETTING_MISSING');
  const needsJwks = algorithms.some((alg) => !isSymmetric(alg));
  const jwksEndpoint = endpoint('oidcJwksEndpoint', needsJwks);
  const authMethod = v.oneOf('oidcTokenEndpointAuthMethod', TOKEN_ENDPOINT_AUTH_METHODS);
  const assertionAlg = v.requiredString('oidcClientAssertionAlgorithm');
  const clientPrivateKey = v.optionalString('oidcClientPrivateKey');

  if (!clientSecret && (authMethod.startsWith('client_secret_') || algorithms.some(isSymmetric))) {
    v.problem(
      'oidcClientSecret',
      'ERR_OIDC_SETTING_MISSING',
      'needed by the client authentication method or an HS* algorithm',
    );
  }
  if (authMethod === 'private_key_jwt' && !clientPrivateKey) {
    v.problem('oidcClientPrivateKey', 'ERR_OIDC_SETTING_MISSING', 'needed by private_key_jwt');
  }
  if (authMethod === 'client_secret_jwt' && !isSymmetric(assertionAlg)) {
    v.problem('oidcClientAssertionAlgorithm', 'ERR_OIDC_SETTING_INVALID', 'client_secret_jwt needs an HMAC algorithm');
  }
  if (authMethod === 'private_key_jwt' && isSymmetric(assertionAlg)) {
    v.problem(
      'oidcClientAssertionAlgorithm',
      'ERR_OIDC_SETTING_INVALID',
      'private_key_jwt needs an asymmetric algorithm',
    );
  }

  const groupClaim = v.optionalString('oidcGroupClaim');
  const teams = v.teamMapping('oidcTeams');
  const syncTeams = v.bool('oidcSyncTeams');
  if (!groupClaim && (syncTeams || teams.some((t) => t.group !== ''))) {
    v.problem('oidcGroupClaim', 'ERR_OIDC_SETTING_MISSING', 'needed by the team mapping');
  }

  const fallback = v.bool('oidcFallback');
  const allowRegularUserFallback = v.bool('oidcAllowRegularUserFallback');
  const allowAdminUser = v.bool('oidcAllowAdminUser');
  // allowRegularUserFallback without fallback is refused when saving; at login it simply allows nothing.

  const logoutUrl = v.optionalString('oidcLogoutUrl');
  if (logoutUrl) {
    // Placeholders ({siteUrl}, {clientId}) are allowed in the query; the scheme/host part must be a URL.
    const problem = checkEndpoint('oidcLogoutUrl', logoutUrl.replace(/\{(siteUrl|clientId)\}/g, 'x'), { allowHttp });
    if (problem) v.problem(problem.setting, problem.code, problem.detail);
  }

  const trustedAudiences = v.stringList('oidcTrustedAudiences');
  if (trustedAudiences.includes(clientId)) {
    v.problem('oidcTrustedAudiences', 'ERR_OIDC_SETTING_INVALID', 'the client id is always an audience; list others');
  }

  const prompt = v.oneOf('oidcAuthorizationPrompt', AUTHORIZATION_PROMPTS);
  const scopes = ['openid', ...v.stringList('oidcScopes').filter((s) => s !== 'openid')];
  if (scopes.some((s) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s))) {
    v.problem('oidcScopes', 'ERR_OIDC_SETTING_INVALID', 'a scope contains a space, quote or backslash');
  }

  // The redirect URI carries the authorization code: same transport rules as the IdP endpoints.
  const chosenPath = v.oneOf(REDIRECT_PATH_SETTING, REDIRECT_PATHS);
  const redirectPath = options.redirectPath === undefined ? chosenPath : options.redirectPath;
  const redirectUri = redirectPath === null ? '' : redirectUriFor(siteUrl, redirectPath);
  const siteProblem = redirectPath === null ? null : checkEndpoint('siteUrl', redirectUri, { allowHttp });
  if (siteProblem) v.problem(siteProblem.setting, siteProblem.code, siteProblem.detail);

  const settings: OidcSettings = {
    clientId,
    trustedAudiences,
    clientSecret,
    issuer,
    redirectUri,
    authorizationEndpoint,
    tokenEndpoint,
    userInfoEndpoint,
    jwksEndpoint,
    jwtSignatureAlgorithmList: algorithms,
    tokenEndpointAuthMethod: authMethod,
    clientAssertionAlgorithm: assertionAlg,
    clientPrivateKey,
    clientPrivateKeyId: v.optionalString('oidcClientPrivateKeyId'),
    scopes,
    usernameClaim: v.requiredString('oidcUsernameClaim'),
    createUser: v.bool('oidcCreateUser'),
    sync: v.bool('oidcSync'),
    syncClearOnNull: v.bool('oidcSyncClearOnNull'),
    teams,
    groupClaim,
    syncTeams,
    createMissingTeams: v.bool('oidcCreateMissingTeams'),
    createMissingTeamsMax: v.optionalInt('oidcCreateMissingTeamsMax', 1, 50) ?? 5,
    fallback,
    allowRegularUserFallback,
    allowAdminUser,
    linkByEmail: v.bool('oidcLinkByEmail'),
    logoutUrl,
    authorizationPrompt: prompt === '' ? null : prompt,
    authorizationPkce: v.bool('oidcAuthorizationPkce'),
    authorizationMaxAge: v.optionalInt('oidcAuthorizationMaxAge', 0, MAX_AGE_LIMIT),
    jwksCachePeriodMs: v.durationMs('oidcJwksCachePeriod', MAX_JWKS_CACHE_MS),
    clockToleranceMs: v.durationMs('oidcClockTolerance', MAX_CLOCK_TOLERANCE_MS),
    allowHttp,
    providerLabel: v.optionalString('oidcProviderLabel'),
  };
  if (v.problems.length > 0) throw new OidcSettingsError(v.problems);
  return settings;
}
