import { HostError } from 'crm-host/sdk';

/**
 * Stable codes of the login flow (registry as data: code -> HTTP status, i18n key, English message).
 * The page for a code shows `Oidc.errors.<code>` (title/explanation/what to do). Messages never carry
 * tokens, codes, state values or claim values.
 */
export const OIDC_ERRORS = {
  ERR_OIDC_NOT_ENABLED: { status: 403, message: 'Sign-in with the identity provider is not the active method' },
  ERR_OIDC_TOO_MANY_STARTS: { status: 429, message: 'Too many sign-ins were started from this address' },
  ERR_OIDC_CALLBACK_DUPLICATE_PARAM: { status: 400, message: 'The sign-in response repeats a parameter' },
  ERR_OIDC_CALLBACK_UNEXPECTED_PARAM: {
    status: 400,
    message: 'The sign-in response carries a parameter a code-flow response never has',
  },
  ERR_OIDC_STATE_MISSING: { status: 400, message: 'The sign-in response has no state' },
  ERR_OIDC_STATE_UNKNOWN: { status: 400, message: 'The sign-in response belongs to no sign-in started here' },
  ERR_OIDC_STATE_REPLAYED: { status: 400, message: 'The sign-in response was already used' },
  ERR_OIDC_STATE_EXPIRED: { status: 400, message: 'The sign-in took too long' },
  ERR_OIDC_BROWSER_MISMATCH: { status: 400, message: 'The sign-in was started in another browser' },
  ERR_OIDC_CODE_MISSING: { status: 400, message: 'The sign-in response has no authorization code' },
  ERR_OIDC_ISS_MISSING: {
    status: 400,
    message: 'The sign-in response has no iss parameter although the identity provider announces it',
  },
  ERR_OIDC_ISS_MISMATCH: { status: 400, message: 'The sign-in response comes from another identity provider' },
  ERR_OIDC_IDP_ERROR: { status: 401, message: 'The identity provider did not sign you in' },
  ERR_OIDC_PROVIDER_CHANGED: { status: 400, message: 'The identity provider settings changed during the sign-in' },
  ERR_OIDC_REDIRECT_URI_MISMATCH: {
    status: 400,
    message: 'The sign-in response arrived at another callback address than the redirect URI the sign-in was sent with',
  },
  ERR_OIDC_TOKEN_EXCHANGE_FAILED: { status: 502, message: 'The identity provider did not issue tokens' },
  ERR_OIDC_USERINFO_FAILED: { status: 502, message: 'The identity provider did not return the user information' },
  ERR_OIDC_USERINFO_SUB_MISMATCH: {
    status: 401,
    message: 'The user information belongs to another subject than the ID token',
  },
  ERR_OIDC_PROVIDER_UNKNOWN: {
    status: 503,
    message: 'The authentication provider of this sign-in no longer exists',
  },
  ERR_OIDC_PORTAL_UNAVAILABLE: {
    status: 404,
    message: 'The portal does not exist, is not active or does not sign in through an identity provider',
  },
  ERR_OIDC_CALLBACK_WRONG_PROVIDER: {
    status: 400,
    message: 'The sign-in response belongs to a sign-in started for the CRM or for another portal',
  },
  ERR_OIDC_TEST_LOGIN_UNAVAILABLE: { status: 400, message: 'Test sign-ins are not available' },
  ERR_OIDC_TEST_LOGIN_TIMEOUT: { status: 408, message: 'No test sign-in was finished in time' },
  ERR_OIDC_TEST_LOGIN_CANCELLED: { status: 400, message: 'The test sign-in was cancelled' },
  ERR_OIDC_LOGIN_FAILED: { status: 500, message: 'The sign-in failed unexpectedly' },
} as const;

export type OidcErrorCode = keyof typeof OIDC_ERRORS;

/** A refused or failed step of the login flow. */
export class OidcError extends HostError {
  declare readonly code: OidcErrorCode;
  /** For `ERR_OIDC_IDP_ERROR`: the OAuth `error` value the IdP sent (validated to its ABNF). */
  readonly idpError: string | undefined;
  /** For `ERR_OIDC_IDP_ERROR`: `error_description`, reduced to printable text (shown escaped). */
  readonly idpErrorDescription: string | undefined;

  constructor(
    code: OidcErrorCode,
    options: { cause?: unknown; idpError?: string; idpErrorDescription?: string; message?: string } = {},
  ) {
    const entry = OIDC_ERRORS[code];
    super(code, options.message ?? entry.message, {
      status: entry.status,
      i18nKey: `Oidc.errors.${code}`,
      cause: options.cause,
    });
    this.name = 'OidcError';
    this.idpError = options.idpError;
    this.idpErrorDescription = options.idpErrorDescription;
  }
}
