import { OidcClientError } from './errors.js';
import type { TokenSet } from './types.js';

/** Token types the client accepts (compared case-insensitively, RFC 6749 §5.1 / row F-09). */
const ACCEPTED_TOKEN_TYPES: ReadonlySet<string> = new Set(['bearer']);

function invalid(reason: string, detail: string): OidcClientError {
  return new OidcClientError('ERR_OIDC_TOKEN_RESPONSE_INVALID', { reason, detail });
}

function optionalString(json: Record<string, unknown>, name: string): string | null {
  if (!Object.hasOwn(json, name) || json[name] === null || json[name] === undefined) return null;
  const value = json[name];
  if (typeof value !== 'string') throw invalid(`${name}-invalid`, `${name} is not a string`);
  return value;
}

function expiresIn(json: Record<string, unknown>): number | null {
  if (!Object.hasOwn(json, 'expires_in') || json['expires_in'] === null) return null;
  const raw = json['expires_in'];
  const value = typeof raw === 'string' && /^\d{1,12}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid('expires_in-invalid', 'expires_in is not a non-negative number');
  }
  return value;
}

/**
 * Checks a successful (200) token response body (RFC 6749 §5.1, OIDC Core §3.1.3.3): `id_token` and
 * `access_token` are required strings, `token_type` is `Bearer` in any case, `expires_in` a number or a
 * numeric string; `refresh_token` and `scope` strings when present. Values never appear in errors.
 */
export function parseTokenResponse(json: Record<string, unknown>): TokenSet {
  const idToken = optionalString(json, 'id_token');
  if (idToken === null || idToken === '') throw invalid('id_token-missing', 'id_token is missing');
  const accessToken = optionalString(json, 'access_token');
  if (accessToken === null || accessToken === '') throw invalid('access_token-missing', 'access_token is missing');
  const rawType = optionalString(json, 'token_type');
  if (rawType === null) throw invalid('token_type-missing', 'token_type is missing');
  const tokenType = rawType.toLowerCase();
  if (!ACCEPTED_TOKEN_TYPES.has(tokenType)) {
    throw invalid('token_type-unsupported', 'token_type is not Bearer');
  }
  return {
    idToken,
    accessToken,
    tokenType,
    expiresIn: expiresIn(json),
    refreshToken: optionalString(json, 'refresh_token'),
    scope: optionalString(json, 'scope'),
  };
}
