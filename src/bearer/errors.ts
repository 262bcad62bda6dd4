import { HostError } from 'crm-host/sdk';

/**
 * Reason codes of refused bearer tokens (all 401; the host puts the code into `WWW-Authenticate:
 * Bearer error="invalid_token", error_description="<code>"`). JWT problems keep the JWT domain's codes
 * (`ERR_JWT_EXPIRED`, `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_ALG_NOT_ALLOWED`, `ERR_JWT_TYP_INVALID`, ...).
 */
export const BEARER_ERRORS = {
  ERR_BEARER_TOKEN_OPAQUE: 'Only JWT access tokens (RFC 9068) are accepted; opaque access tokens are not supported.',
  ERR_BEARER_ID_TOKEN: 'An ID token cannot be used as an access token.',
  ERR_BEARER_SCOPE_MISSING: 'The access token does not grant a required scope.',
  ERR_BEARER_CLIENT_NOT_ALLOWED: 'The access token was issued to a client that may not call this API.',
  ERR_BEARER_USER_UNKNOWN: 'No CRM user belongs to the subject of the access token.',
  ERR_BEARER_USER_NOT_ALLOWED: 'The CRM user of the access token may not use the API.',
  ERR_BEARER_NOT_CONFIGURED:
    'API access with access tokens is on, but OpenID Connect or the API audience is not configured.',
} as const;

export type BearerErrorCode = keyof typeof BEARER_ERRORS;

export class BearerError extends HostError {
  override readonly code: BearerErrorCode;
  /** A finer reason (e.g. the provisioning denial code) for the log. */
  readonly reason: string | undefined;

  constructor(code: BearerErrorCode, options: { reason?: string; cause?: unknown } = {}) {
    super(code, BEARER_ERRORS[code], { status: 401, i18nKey: `Oidc.bearer.${code}`, cause: options.cause });
    this.name = 'BearerError';
    this.code = code;
    this.reason = options.reason;
  }
}
