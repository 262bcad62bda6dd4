import { HostError } from 'crm-host/sdk';

/** Stable codes of the authentication-provider API (registry as data: code -> status, message). */
export const PROVIDER_ERRORS = {
  ERR_PROVIDER_NOT_FOUND: { status: 404, message: 'No such authentication provider' },
  ERR_PROVIDER_INVALID: { status: 400, message: 'The authentication provider was not saved: check the marked fields' },
} as const;

export type ProviderErrorCode = keyof typeof PROVIDER_ERRORS;

export class ProviderError extends HostError {
  declare readonly code: ProviderErrorCode;

  constructor(code: ProviderErrorCode, options: { fields?: Record<string, string>; cause?: unknown } = {}) {
    const entry = PROVIDER_ERRORS[code];
    super(code, entry.message, {
      status: entry.status,
      i18nKey: `AuthenticationProvider.messages.${code}`,
      ...(options.fields ? { fields: options.fields } : {}),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'ProviderError';
  }
}
