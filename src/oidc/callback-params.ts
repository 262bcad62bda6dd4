import { OidcError } from './errors.js';

/** Parameters a code-flow response never carries (security matrix R-07): refused before anything else. */
const FORBIDDEN_PARAMS = ['id_token', 'token', 'access_token', 'response'] as const;

/** The parameters of `/oauth-callback`, each present at most once. */
export interface CallbackParams {
  readonly state: string | undefined;
  readonly code: string | undefined;
  readonly iss: string | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
}

/** RFC 6749 `error` values: printable ASCII without `"` and `\`. */
const ERROR_CODE = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,100}$/;

/**
 * Reads the callback query. A repeated parameter and a token-bearing parameter are refused;
 * `error` must fit the RFC 6749 syntax (else it is reported as `invalid_response`), and
 * `error_description` is reduced to printable ASCII and 300 characters (it is shown on the page, escaped).
 */
export function readCallbackParams(query: Readonly<Record<string, string | string[]>>): CallbackParams {
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw new OidcError('ERR_OIDC_CALLBACK_DUPLICATE_PARAM');
    if (name === '__proto__') throw new OidcError('ERR_OIDC_CALLBACK_UNEXPECTED_PARAM');
  }
  for (const name of FORBIDDEN_PARAMS) {
    if (Object.prototype.hasOwnProperty.call(query, name)) throw new OidcError('ERR_OIDC_CALLBACK_UNEXPECTED_PARAM');
  }
  const get = (name: string): string | undefined => {
    const value = Object.prototype.hasOwnProperty.call(query, name) ? query[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const rawError = get('error');
  const rawDescription = get('error_description');
  return {
    state: get('state'),
    code: get('code'),
    iss: get('iss'),
    error: rawError === undefined ? undefined : ERROR_CODE.test(rawError) ? rawError : 'invalid_response',
    errorDescription: rawDescription === undefined ? undefined : sanitizeDescription(rawDescription),
  };
}

function sanitizeDescription(value: string): string | undefined {
  const cleaned = value
    .replace(/[^\x20-\x7E]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return cleaned === '' ? undefined : cleaned;
}
