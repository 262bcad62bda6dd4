import { HostError } from '../../sdk/errors.js';

/** An error of team administration; the UI translates `Team.messages.<code>`. */
export function teamError(code: string, message: string, status: number, fields?: Record<string, string>): HostError {
  return new HostError(code, message, { status, i18nKey: `Team.messages.${code}`, ...(fields ? { fields } : {}) });
}
