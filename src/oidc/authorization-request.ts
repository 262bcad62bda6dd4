import type { OidcSettings } from '../settings/types.js';

export interface AuthorizationRequestInput {
  settings: OidcSettings;
  state: string;
  nonce: string;
  /** S256 challenge, or null when PKCE is off (`oidcAuthorizationPkce`). */
  codeChallenge: string | null;
}

/** Protocol parameters the configured endpoint's own query may not pre-set (ours replace them). */
const PROTOCOL_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'claims',
  'response_mode',
  'request',
  'request_uri',
];

/** Scopes with `openid` first and each scope once. */
export function requestedScopes(scopes: readonly string[]): string[] {
  return [...new Set(['openid', ...scopes])];
}

/**
 * The `claims` request (OpenID Connect Core 5.5) asking for the group claim in the ID token and at
 * userinfo; a dot path asks for its top-level member (`realm_access.roles` -> `realm_access`).
 */
export function groupClaimsRequest(groupClaim: string | null): string | null {
  if (!groupClaim) return null;
  const top = groupClaim.split('.')[0];
  if (!top) return null;
  return JSON.stringify({ id_token: { [top]: null }, userinfo: { [top]: null } });
}

/**
 * The authorization URL: the configured endpoint (its query string kept, protocol parameters replaced)
 * with `response_type=code`, client id, redirect URI, scopes, state, nonce, the PKCE S256 challenge,
 * and `prompt` / `max_age` / `claims` when configured.
 */
export function buildAuthorizationUrl(input: AuthorizationRequestInput): string {
  const { settings } = input;
  const url = new URL(settings.authorizationEndpoint);
  for (const name of PROTOCOL_PARAMS) url.searchParams.delete(name);
  const params = url.searchParams;
  params.set('response_type', 'code');
  params.set('client_id', settings.clientId);
  params.set('redirect_uri', settings.redirectUri);
  params.set('scope', requestedScopes(settings.scopes).join(' '));
  params.set('state', input.state);
  params.set('nonce', input.nonce);
  if (input.codeChallenge !== null) {
    params.set('code_challenge', input.codeChallenge);
    params.set('code_challenge_method', 'S256');
  }
  if (settings.authorizationPrompt) params.set('prompt', settings.authorizationPrompt);
  if (settings.authorizationMaxAge !== null) params.set('max_age', String(settings.authorizationMaxAge));
  const claims = groupClaimsRequest(settings.groupClaim);
  if (claims) params.set('claims', claims);
  return url.href;
}
