import { checkEndpoint } from '../../settings/index.js';
import { OidcClientError } from './errors.js';
import type { DiscoveryResult } from './types.js';

export const WELL_KNOWN_PATH = '/.well-known/openid-configuration';

/**
 * `<issuer>/.well-known/openid-configuration` (OIDC Discovery §4.1): one terminating `/` of the issuer
 * is removed before the well-known path is appended, so `https://idp/app/` and `https://idp/app` read
 * the same URL (the issuer check stays exact). The issuer must be an absolute http(s) URL without query,
 * fragment or credentials, https unless loopback or `allowHttp`.
 */
export function discoveryUrlFor(issuer: string, allowHttp: boolean): string {
  if (issuer.trim() !== issuer || issuer === '') {
    throw new OidcClientError('ERR_OIDC_DISCOVERY_ISSUER_INVALID', { detail: 'empty or surrounded by spaces' });
  }
  const problem = checkEndpoint('oidcIssuer', issuer, { allowHttp });
  if (problem?.code === 'ERR_OIDC_ENDPOINT_INSECURE') {
    throw new OidcClientError('ERR_OIDC_DISCOVERY_INSECURE', { detail: 'the issuer uses plain http' });
  }
  if (problem !== null) throw new OidcClientError('ERR_OIDC_DISCOVERY_ISSUER_INVALID', { detail: problem.detail });
  if (/[?#]/.test(issuer)) {
    throw new OidcClientError('ERR_OIDC_DISCOVERY_ISSUER_INVALID', { detail: 'an issuer has no query or fragment' });
  }
  return `${issuer.replace(/\/$/, '')}${WELL_KNOWN_PATH}`;
}

function invalid(field: string, what: string): OidcClientError {
  return new OidcClientError('ERR_OIDC_DISCOVERY_INVALID', { reason: `${field}-invalid`, detail: `${field} ${what}` });
}

class DocumentReader {
  constructor(
    private readonly json: Record<string, unknown>,
    private readonly allowHttp: boolean,
  ) {}

  private value(field: string): unknown {
    return Object.hasOwn(this.json, field) ? this.json[field] : undefined;
  }

  endpoint(field: string, required: boolean): string | null {
    const value = this.value(field);
    if (value === undefined || value === null) {
      if (required) throw invalid(field, 'is missing');
      return null;
    }
    if (typeof value !== 'string') throw invalid(field, 'is not a string');
    const problem = checkEndpoint(field, value, { allowHttp: this.allowHttp });
    if (problem?.code === 'ERR_OIDC_ENDPOINT_INSECURE') {
      throw new OidcClientError('ERR_OIDC_DISCOVERY_INSECURE', { detail: `${field} uses plain http` });
    }
    if (problem !== null) throw invalid(field, `is not a usable URL (${problem.detail ?? 'invalid'})`);
    return value;
  }

  strings(field: string, fallback: readonly string[] = []): string[] {
    const value = this.value(field);
    if (value === undefined || value === null) return [...fallback];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      throw invalid(field, 'is not a list of strings');
    return [...new Set(value as string[])].slice(0, 1000);
  }

  bool(field: string): boolean {
    const value = this.value(field);
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw invalid(field, 'is not true or false');
    return value;
  }
}

/**
 * Checks a discovery document against the issuer that was asked for and returns the typed metadata.
 * The document's `issuer` must EQUAL `expectedIssuer` (exact string, §4.3); every endpoint must be a
 * usable URL under the same transport rules as the settings.
 */
export function parseDiscoveryDocument(
  json: Record<string, unknown>,
  expectedIssuer: string,
  context: { discoveryUrl: string; allowHttp: boolean; now: number },
): DiscoveryResult {
  const issuer = Object.hasOwn(json, 'issuer') ? json['issuer'] : undefined;
  if (typeof issuer !== 'string') throw invalid('issuer', 'is missing');
  if (issuer !== expectedIssuer) {
    throw new OidcClientError('ERR_OIDC_DISCOVERY_ISSUER_MISMATCH', {
      detail: `the document says ${JSON.stringify(issuer)}, oidcIssuer is ${JSON.stringify(expectedIssuer)}${
        issuer.replace(/\/$/, '') === expectedIssuer.replace(/\/$/, '') ? ': they differ by a trailing slash' : ''
      }`,
    });
  }
  const r = new DocumentReader(json, context.allowHttp);
  return {
    issuer,
    discoveryUrl: context.discoveryUrl,
    authorizationEndpoint: r.endpoint('authorization_endpoint', true) as string,
    tokenEndpoint: r.endpoint('token_endpoint', true) as string,
    userInfoEndpoint: r.endpoint('userinfo_endpoint', false),
    jwksUri: r.endpoint('jwks_uri', false),
    endSessionEndpoint: r.endpoint('end_session_endpoint', false),
    revocationEndpoint: r.endpoint('revocation_endpoint', false),
    idTokenSigningAlgValuesSupported: r.strings('id_token_signing_alg_values_supported'),
    userinfoSigningAlgValuesSupported: r.strings('userinfo_signing_alg_values_supported'),
    tokenEndpointAuthMethodsSupported: r.strings('token_endpoint_auth_methods_supported', ['client_secret_basic']),
    tokenEndpointAuthSigningAlgValuesSupported: r.strings('token_endpoint_auth_signing_alg_values_supported'),
    scopesSupported: r.strings('scopes_supported'),
    claimsSupported: r.strings('claims_supported'),
    responseTypesSupported: r.strings('response_types_supported'),
    codeChallengeMethodsSupported: r.strings('code_challenge_methods_supported'),
    authorizationResponseIssParameterSupported: r.bool('authorization_response_iss_parameter_supported'),
    backchannelLogoutSupported: r.bool('backchannel_logout_supported'),
    backchannelLogoutSessionSupported: r.bool('backchannel_logout_session_supported'),
    frontchannelLogoutSupported: r.bool('frontchannel_logout_supported'),
    fetchedAt: context.now,
  };
}
