import type { ConfigValue } from 'crm-host/sdk';
import { isNoneAlg } from '../../jwt/index.js';
import { OIDC_SETTING_DEFAULTS } from '../../settings/index.js';
import { discoveryWarning, type DiscoveryWarning } from './discovery-warnings.js';
import type { DiscoveryResult } from './types.js';

export interface SettingChange {
  readonly setting: string;
  readonly from: ConfigValue;
  readonly to: ConfigValue;
}

/** What discovery found, as the settings form and the CLI show it. Nothing is saved by building it. */
export interface DiscoveryReport {
  readonly issuer: string;
  /** Setting name -> value discovery suggests (the endpoints, and fixes for unsupported choices). */
  readonly values: Record<string, ConfigValue>;
  /** The suggested values that differ from the saved ones. */
  readonly changes: SettingChange[];
  readonly warnings: DiscoveryWarning[];
  /** Facts the login and logout use at run time (not settings). */
  readonly metadata: {
    endSessionEndpoint: string | null;
    authorizationResponseIssParameterSupported: boolean;
    backchannelLogoutSupported: boolean;
    backchannelLogoutSessionSupported: boolean;
    idTokenSigningAlgValuesSupported: readonly string[];
    tokenEndpointAuthMethodsSupported: readonly string[];
    tokenEndpointAuthSigningAlgValuesSupported: readonly string[];
    codeChallengeMethodsSupported: readonly string[];
    scopesSupported: readonly string[];
    claimsSupported: readonly string[];
  };
}

export interface ReportContext {
  /** Saved settings (defaults applied by the reader). */
  readonly current: (key: string) => ConfigValue;
  /** Algorithm names of the registry. */
  readonly registeredAlgorithms: readonly string[];
  /** Token endpoint auth methods this CRM implements, in order of preference. */
  readonly authMethods: readonly string[];
}

/** The preferred order when the configured method is not offered by the IdP. */
const AUTH_METHOD_PREFERENCE = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'];

const asStrings = (value: ConfigValue): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Reads a saved value with the extension's default. */
export function currentFrom(get: (key: string) => ConfigValue | undefined): (key: string) => ConfigValue {
  return (key) => get(key) ?? OIDC_SETTING_DEFAULTS[key] ?? null;
}

/**
 * Maps discovered metadata to our setting names and checks the saved configuration against what the
 * IdP advertises: unsupported algorithms, auth method, scopes, PKCE, missing JWKS or userinfo.
 */
export function buildDiscoveryReport(result: DiscoveryResult, context: ReportContext): DiscoveryReport {
  const values: Record<string, ConfigValue> = {
    oidcIssuer: result.issuer,
    oidcAuthorizationEndpoint: result.authorizationEndpoint,
    oidcTokenEndpoint: result.tokenEndpoint,
  };
  if (result.userInfoEndpoint !== null) values['oidcUserInfoEndpoint'] = result.userInfoEndpoint;
  if (result.jwksUri !== null) values['oidcJwksEndpoint'] = result.jwksUri;
  const warnings: DiscoveryWarning[] = [];
  if (result.jwksUri === null) warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_NO_JWKS'));
  if (result.userInfoEndpoint === null) warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_NO_USERINFO'));

  checkAlgorithms(result, context, values, warnings);
  checkAuthMethod(result, context, values, warnings);

  const scopes = asStrings(context.current('oidcScopes'));
  if (result.scopesSupported.length > 0) {
    const missing = ['openid', ...scopes].filter((s) => !result.scopesSupported.includes(s));
    if (missing.length > 0)
      warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_SCOPES_NOT_ADVERTISED', { list: missing }));
  }
  const groupClaim = context.current('oidcGroupClaim');
  if (typeof groupClaim === 'string' && groupClaim !== '' && result.claimsSupported.length > 0) {
    const root = groupClaim.split('.')[0] ?? groupClaim;
    if (!result.claimsSupported.includes(root) && !result.claimsSupported.includes(groupClaim)) {
      warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_GROUP_CLAIM_NOT_ADVERTISED', { value: groupClaim }));
    }
  }
  if (context.current('oidcAuthorizationPkce') !== false && !result.codeChallengeMethodsSupported.includes('S256')) {
    warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_PKCE_S256_MISSING'));
  }
  if (!result.authorizationResponseIssParameterSupported)
    warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_NO_ISS_PARAMETER'));
  if (result.endSessionEndpoint === null) warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_NO_END_SESSION'));
  if (!result.backchannelLogoutSupported) warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_NO_BACKCHANNEL'));

  const changes: SettingChange[] = [];
  for (const [setting, to] of Object.entries(values)) {
    const from = context.current(setting);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ setting, from, to });
  }
  return {
    issuer: result.issuer,
    values,
    changes,
    warnings,
    metadata: {
      endSessionEndpoint: result.endSessionEndpoint,
      authorizationResponseIssParameterSupported: result.authorizationResponseIssParameterSupported,
      backchannelLogoutSupported: result.backchannelLogoutSupported,
      backchannelLogoutSessionSupported: result.backchannelLogoutSessionSupported,
      idTokenSigningAlgValuesSupported: result.idTokenSigningAlgValuesSupported,
      tokenEndpointAuthMethodsSupported: result.tokenEndpointAuthMethodsSupported,
      tokenEndpointAuthSigningAlgValuesSupported: result.tokenEndpointAuthSigningAlgValuesSupported,
      codeChallengeMethodsSupported: result.codeChallengeMethodsSupported,
      scopesSupported: result.scopesSupported,
      claimsSupported: result.claimsSupported,
    },
  };
}

function checkAlgorithms(
  result: DiscoveryResult,
  context: ReportContext,
  values: Record<string, ConfigValue>,
  warnings: DiscoveryWarning[],
): void {
  const offered = result.idTokenSigningAlgValuesSupported.filter((a) => !isNoneAlg(a));
  if (offered.length === 0) return;
  const unknown = offered.filter((a) => !context.registeredAlgorithms.includes(a));
  if (unknown.length > 0) warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_ALGS_NOT_REGISTERED', { list: unknown }));
  const configured = asStrings(context.current('oidcJwtSignatureAlgorithmList'));
  const notOffered = configured.filter((a) => !offered.includes(a));
  if (notOffered.length === 0) return;
  warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_ALGS_NOT_ADVERTISED', { list: notOffered }));
  const kept = configured.filter((a) => offered.includes(a));
  const usable = offered.filter((a) => context.registeredAlgorithms.includes(a));
  const suggestion = kept.length > 0 ? kept : usable.includes('RS256') ? ['RS256'] : usable.slice(0, 1);
  if (suggestion.length > 0) values['oidcJwtSignatureAlgorithmList'] = suggestion;
}

function checkAuthMethod(
  result: DiscoveryResult,
  context: ReportContext,
  values: Record<string, ConfigValue>,
  warnings: DiscoveryWarning[],
): void {
  const offered = result.tokenEndpointAuthMethodsSupported;
  const method = String(context.current('oidcTokenEndpointAuthMethod'));
  if (!offered.includes(method)) {
    warnings.push(discoveryWarning('WARN_OIDC_DISCOVERY_AUTH_METHOD_NOT_ADVERTISED', { value: method, list: offered }));
    const order = [...AUTH_METHOD_PREFERENCE, ...context.authMethods];
    const better = order.find((m) => context.authMethods.includes(m) && offered.includes(m));
    if (better !== undefined) values['oidcTokenEndpointAuthMethod'] = better;
    return;
  }
  const assertionAlgs = result.tokenEndpointAuthSigningAlgValuesSupported;
  const alg = String(context.current('oidcClientAssertionAlgorithm'));
  if (method.endsWith('_jwt') && assertionAlgs.length > 0 && !assertionAlgs.includes(alg)) {
    warnings.push(
      discoveryWarning('WARN_OIDC_DISCOVERY_ASSERTION_ALG_NOT_ADVERTISED', { value: alg, list: assertionAlgs }),
    );
  }
}
