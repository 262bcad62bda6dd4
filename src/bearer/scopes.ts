import type { JsonObject } from '../jwt/compact.js';

/**
 * The scopes an access token grants: RFC 9068 `scope` (space-separated text), or `scp` (a list or text,
 * as Microsoft Entra ID and Okta send it). Unknown shapes grant nothing.
 */
export function grantedScopes(payload: JsonObject): Set<string> {
  const granted = new Set<string>();
  const add = (value: unknown): void => {
    const items = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
    for (const item of items) if (typeof item === 'string' && item !== '') granted.add(item);
  };
  add(payload['scope']);
  add(payload['scp']);
  return granted;
}

/** The required scopes the token lacks (empty: all granted). */
export function missingScopes(payload: JsonObject, required: readonly string[]): string[] {
  if (required.length === 0) return [];
  const granted = grantedScopes(payload);
  return required.filter((s) => !granted.has(s));
}

/**
 * The client an access token was issued to: RFC 9068 `client_id`, else OIDC `azp` (Keycloak sends both,
 * Entra ID `azp`/`appid`). Both are offered: a token passes a client allowlist when either is listed.
 */
export function requestingClients(payload: JsonObject): string[] {
  return [payload['client_id'], payload['azp']].filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Whether the token was issued to an allowed client (an empty allowlist allows every client). */
export function clientAllowed(payload: JsonObject, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  return requestingClients(payload).some((c) => allowed.includes(c));
}
