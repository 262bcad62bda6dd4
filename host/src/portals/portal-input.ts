import { PORTAL_URL_ID_PATTERN, type Portal } from '../../sdk/entities/Portal.js';
import { HostError } from '../../sdk/errors.js';

/** What the admin API and the CLI may set on a portal. */
export interface PortalInput {
  name?: unknown;
  urlId?: unknown;
  isActive?: unknown;
  authenticationProviderId?: unknown;
}

export function portalError(code: string, message: string, status: number, fields?: Record<string, string>): HostError {
  return new HostError(code, message, { status, i18nKey: `Portal.messages.${code}`, ...(fields ? { fields } : {}) });
}

const FIELDS = new Set(['name', 'urlId', 'isActive', 'authenticationProviderId']);

/** Checks an input; returns the typed values to set. `creating`: name and urlId are required. */
export function validatePortalInput(input: unknown, creating: boolean): Partial<Portal> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw portalError('ERR_PORTAL_INVALID', 'Send a JSON object', 400);
  }
  const fields: Record<string, string> = {};
  const values: Partial<Portal> = {};
  const data = input as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!FIELDS.has(key) && !['id', 'path', 'userCount', 'createdAt', 'modifiedAt'].includes(key)) {
      fields[key] = 'unknown field';
    }
  }
  if (data.name !== undefined || creating) {
    if (typeof data.name !== 'string' || data.name.trim() === '' || data.name.trim().length > 255) {
      fields.name = 'required, 1 to 255 characters';
    } else values.name = data.name.trim();
  }
  if (data.urlId !== undefined || creating) {
    if (typeof data.urlId !== 'string' || !PORTAL_URL_ID_PATTERN.test(data.urlId)) {
      fields.urlId = 'required: lower-case letters, digits and dashes, up to 64, not starting with a dash';
    } else values.urlId = data.urlId;
  }
  if (data.isActive !== undefined) {
    if (typeof data.isActive !== 'boolean') fields.isActive = 'expected true or false';
    else values.isActive = data.isActive;
  }
  if (data.authenticationProviderId !== undefined) {
    const id = data.authenticationProviderId;
    if (id === null || id === '') values.authenticationProviderId = null;
    else if (typeof id !== 'string' || id.length > 36 || !/^[A-Za-z0-9-]+$/.test(id)) {
      fields.authenticationProviderId = 'expected an id or null';
    } else values.authenticationProviderId = id;
  }
  if (Object.keys(fields).length > 0) throw portalError('ERR_PORTAL_INVALID', 'Check the marked fields', 400, fields);
  return values;
}
