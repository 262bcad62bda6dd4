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
