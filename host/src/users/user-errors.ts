import { HostError } from '../../sdk/errors.js';

/** An error of user administration; the UI translates `UserAdmin.messages.<code>`. */
export function userError(code: string, message: string, status: number, fields?: Record<string, string>): HostError {
  return new HostError(code, message, {
    status,
    i18nKey: `UserAdmin.messages.${code}`,
    ...(fields ? { fields } : {}),
  });
}
