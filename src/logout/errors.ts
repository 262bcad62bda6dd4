import { HostError } from 'crm-host/sdk';

/**
 * Stable codes of the logout domain. Back-channel rejections answer 400 (OpenID Back-Channel Logout 2.8);
 * i18n keys are `Oidc.logout.<code>`. Messages never contain the token or claim values.
 */
export const LOGOUT_ERRORS = {
  ERR_LOGOUT_REQUEST_INVALID: { status: 400, text: 'The back-channel logout request must be a form POST.' },
  ERR_LOGOUT_TOKEN_MISSING: { status: 400, text: 'The logout_token parameter is missing.' },
  ERR_LOGOUT_TOKEN_DUPLICATE: { status: 400, text: 'The logout_token parameter appears more than once.' },
  ERR_LOGOUT_TOKEN_IN_QUERY: { status: 400, text: 'The logout_token must travel in the form body, not the URL.' },
  ERR_LOGOUT_EVENT_MISSING: { status: 400, text: 'The logout token has no back-channel logout event.' },
  ERR_LOGOUT_EVENT_INVALID: {
    status: 400,
    text: 'The back-channel logout event of the logout token is not an object.',
  },
  ERR_LOGOUT_SUBJECT_MISSING: {
    status: 400,
    text: 'The logout token names neither a subject (sub) nor a session (sid).',
  },
  ERR_LOGOUT_NONCE_PRESENT: { status: 400, text: 'A logout token must not carry a nonce.' },
  ERR_LOGOUT_JTI_MISSING: { status: 400, text: 'The logout token has no jti.' },
  ERR_LOGOUT_NO_MATCHING_CONFIGURATION: {
    status: 400,
    text: 'No configuration (the CRM or an authentication provider) has the issuer and a client id of this logout token.',
  },
  ERR_LOGOUT_CONFIGURATION_AMBIGUOUS: {
    status: 400,
    text: 'Several configurations have the issuer and a client id of this logout token; it was not used.',
  },
  ERR_LOGOUT_PROVIDER_UNKNOWN: {
    status: 400,
    text: 'This portal has no authentication provider that could check a logout token.',
  },
  ERR_LOGOUT_NOT_CONFIGURED: {
    status: 400,
    text: 'OpenID Connect is not configured, so no logout token can be checked.',
  },
} as const;

export type LogoutErrorCode = keyof typeof LOGOUT_ERRORS;

export class LogoutError extends HostError {
  override readonly code: LogoutErrorCode;

  constructor(code: LogoutErrorCode, options: { cause?: unknown } = {}) {
    super(code, LOGOUT_ERRORS[code].text, {
      status: LOGOUT_ERRORS[code].status,
      i18nKey: `Oidc.logout.${code}`,
      cause: options.cause,
    });
    this.name = 'LogoutError';
    this.code = code;
  }
}
