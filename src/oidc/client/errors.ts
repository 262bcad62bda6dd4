import { HostError } from 'crm-host/sdk';
import { OIDC_CLIENT_ERRORS, type ErrorSpec } from './error-codes.js';

export { OIDC_CLIENT_ERRORS } from './error-codes.js';

export type OidcClientErrorCode = keyof typeof OIDC_CLIENT_ERRORS;

/**
 * A failure of the OIDC protocol client. `detail` adds safe context (an endpoint's origin and path, a
 * status, a field name); `oauthError` is the OAuth `error` code the IdP answered (never its description
 * or body); `reason` is a short machine-readable sub-reason (e.g. `id_token-missing`).
 */
export class OidcClientError extends HostError {
  override readonly code: OidcClientErrorCode;
  readonly oauthError: string | null;
  readonly reason: string | null;
  readonly httpStatus: number | undefined;
  /** What the sign-in failure page tells the user to do, when the code decides it (see `ErrorSpec.hint`). */
  readonly hint: 'retry' | 'admin' | 'later' | undefined;

  constructor(
    code: OidcClientErrorCode,
    options: {
      detail?: string;
      oauthError?: string | null;
      reason?: string;
      httpStatus?: number;
      cause?: unknown;
    } = {},
  ) {
    const spec: ErrorSpec = OIDC_CLIENT_ERRORS[code];
    const variant = spec.variants?.[options.oauthError ?? options.reason ?? ''];
    const extra = [options.oauthError ? `error=${options.oauthError}` : '', options.detail ?? ''].filter(Boolean);
    const base = variant?.message ?? spec.message;
    const message = extra.length > 0 ? `${base} (${extra.join('; ')})` : base;
    super(code, message, {
      status: spec.status,
      i18nKey: `OidcClient.messages.${variant?.key ?? spec.key}`,
      fields: spec.setting === undefined ? undefined : { [spec.setting]: message },
      cause: options.cause,
    });
    this.name = 'OidcClientError';
    this.code = code;
    this.oauthError = options.oauthError ?? null;
    this.reason = options.reason ?? null;
    this.httpStatus = options.httpStatus;
    this.hint = spec.hint;
  }

  static isOidcClientError(value: unknown): value is OidcClientError {
    return HostError.is(value) && Object.hasOwn(OIDC_CLIENT_ERRORS, value.code);
  }
}

/** RFC 6749 §5.2: `error` is 1*( %x20-21 / %x23-5B / %x5D-7E ); anything else (or too long) is not echoed. */
export function safeOAuthErrorCode(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return null;
  return /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/.test(value) ? value : null;
}
