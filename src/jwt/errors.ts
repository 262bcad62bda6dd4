import { HostError } from 'crm-host/sdk';

/**
 * Stable codes of the JWT domain. Each code has an i18n key `Oidc.errors.<code>` and an HTTP status.
 * Messages name what failed (a claim, a header, a key id), never the token or any secret.
 */
export const JWT_ERROR_STATUS = {
  ERR_JWT_MALFORMED: 401,
  ERR_JWT_TOO_LARGE: 401,
  ERR_JWT_ALG_NOT_ALLOWED: 401,
  ERR_JWT_CRIT_UNSUPPORTED: 401,
  ERR_JWT_B64_UNSUPPORTED: 401,
  ERR_JWT_TYP_INVALID: 401,
  ERR_JWT_SIGNATURE_INVALID: 401,
  ERR_JWT_EXPIRED: 401,
  ERR_JWT_CLAIM_INVALID: 401,
  ERR_JWT_AT_HASH_MISMATCH: 401,
  ERR_JWT_AT_HASH_UNSUPPORTED: 401,
  ERR_JWKS_NO_MATCHING_KEY: 401,
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 401,
  ERR_JWKS_KEY_UNUSABLE: 401,
  ERR_JWKS_TIMEOUT: 503,
  ERR_JWKS_FETCH_FAILED: 503,
  ERR_JWKS_INVALID: 503,
  ERR_JWK_INVALID: 400,
  ERR_JWT_CONFIG_INVALID: 500,
} as const;

export type JwtErrorCode = keyof typeof JWT_ERROR_STATUS;

/** Default English messages per code (the i18n files carry the translations under `Oidc.errors`). */
export const JWT_ERROR_MESSAGES: Readonly<Record<JwtErrorCode, string>> = {
  ERR_JWT_MALFORMED: 'The token is not a well-formed compact JWS.',
  ERR_JWT_TOO_LARGE: 'The token is larger than allowed.',
  ERR_JWT_ALG_NOT_ALLOWED: 'The token is signed with an algorithm that is not allowed.',
  ERR_JWT_CRIT_UNSUPPORTED: 'The token requires a header extension (crit) that is not supported.',
  ERR_JWT_B64_UNSUPPORTED: 'Tokens with an unencoded payload (b64:false) are not accepted.',
  ERR_JWT_TYP_INVALID: 'The token type (typ) is not the one expected.',
  ERR_JWT_SIGNATURE_INVALID: 'The token signature is invalid.',
  ERR_JWT_EXPIRED: 'The token has expired.',
  ERR_JWT_CLAIM_INVALID: 'A token claim is missing or invalid.',
  ERR_JWT_AT_HASH_MISMATCH: 'The access token is not the one the ID token was issued with (at_hash mismatch).',
  ERR_JWT_AT_HASH_UNSUPPORTED:
    'The ID token carries at_hash, but its signature algorithm declares no hash function to check it with.',
  ERR_JWKS_NO_MATCHING_KEY: 'No key of the identity provider matches the token.',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'Several keys match a token without kid.',
  ERR_JWKS_KEY_UNUSABLE: 'The matching key of the identity provider cannot be used.',
  ERR_JWKS_TIMEOUT: 'The identity provider key set did not answer in time.',
  ERR_JWKS_FETCH_FAILED: 'The identity provider key set could not be fetched.',
  ERR_JWKS_INVALID: 'The identity provider key set is invalid.',
  ERR_JWK_INVALID: 'A configured key is invalid.',
  ERR_JWT_CONFIG_INVALID: 'The token verification settings are invalid.',
};

/** Every rejection of the JWT domain. `claim` names the claim for `ERR_JWT_CLAIM_INVALID`. */
export class JwtError extends HostError {
  override readonly code: JwtErrorCode;
  readonly claim: string | undefined;
  readonly reason: string | undefined;

  constructor(
    code: JwtErrorCode,
    message: string = JWT_ERROR_MESSAGES[code],
    options: { claim?: string; reason?: string; cause?: unknown } = {},
  ) {
    super(code, message, { status: JWT_ERROR_STATUS[code], i18nKey: `Oidc.errors.${code}`, cause: options.cause });
    this.name = 'JwtError';
    this.code = code;
    this.claim = options.claim;
    this.reason = options.reason;
  }

  static override is(value: unknown): value is JwtError {
    return HostError.is(value) && value.code in JWT_ERROR_STATUS;
  }
}

/** `ERR_JWT_CLAIM_INVALID` for one claim; `reason` is `missing`, `type`, `mismatch`, `untrusted`, `future`, `too_old`. */
export function claimError(claim: string, reason: string, detail?: string): JwtError {
  return new JwtError('ERR_JWT_CLAIM_INVALID', `The "${claim}" claim is invalid (${detail ?? reason}).`, {
    claim,
    reason,
  });
}
