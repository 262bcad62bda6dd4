import type { JsonObject } from '../jwt/compact.js';

/**
 * The scopes an access token grants: RFC 9068 `scope` (space-separated text), or `scp` (a list or text,
 * as Microsoft Entra ID and Okta send it). Unknown shapes grant nothing.
 */
export function grantedScopes(payload: JsonObject): Set<string> {
  const granted = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === 'string')
      for (const s of value.split(' '))
        if (s !== '') granted.add(s);
        else if (Array.isArray(value)) for (const s of value) if (typeof s === 'string' && s !== '') granted.add(s);
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
