import { HostError } from 'crm-host/sdk';

/** Stable codes of the registration domain. */
export const REGISTRATION_ERRORS = {
  /** `crm-host oidc uris` was given unknown options. */
  ERR_OIDC_URIS_USAGE: { status: 400, i18nKey: 'OidcClient.messages.cliUsage' },
} as const;

export type RegistrationErrorCode = keyof typeof REGISTRATION_ERRORS;

/** A refusal of the registration domain (a usage error of its command). */
export class RegistrationError extends HostError {
  constructor(code: RegistrationErrorCode, message: string) {
    super(code, message, REGISTRATION_ERRORS[code]);
    this.name = 'RegistrationError';
  }
}
