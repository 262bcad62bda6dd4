import type { ConfigService, MetadataService } from 'crm-host/sdk';
import { OidcSettingsError } from '../settings/errors.js';
import { ProviderError } from './errors.js';
import { PROVIDER_FIELDS, PROVIDER_FORCED, PROVIDER_METHOD, PROVIDER_SECRET_FIELDS } from './fields.js';
import { readProviderSettings } from './provider-settings.js';

/** A field as declared in metadata `entityDefs.Settings.fields.<name>` (the CRM settings' definitions). */
interface FieldDef {
  type: string;
  maxLength?: number;
  pattern?: string;
  options?: string[];
  optionsPath?: string[];
  /** A `FieldOptionsProvider` name (e.g. the JWT algorithm registry): its values are the options. */
  optionsProvider?: string;
  allowCustomOptions?: boolean;
}

/** Options of a named options provider, or undefined when the caller knows none of that name. */
export type ProvidedOptions = (providerName: string) => readonly string[] | undefined;

type Check = (value: unknown, def: FieldDef, options: () => string[]) => string | null;

const text = (max: number) => (value: unknown) =>
  typeof value === 'string' && value.length <= max ? null : `expected text of at most ${max} characters`;

/** Field type -> value check (a registry: a new type is one entry). Null values (unset) are checked apart. */
const TYPE_CHECKS: Readonly<Record<string, Check>> = {
  varchar: (v, d) =>
    text(d.maxLength ?? 255)(v) ??
    (d.pattern && !new RegExp(d.pattern).test(v as string) ? 'has the wrong form' : null),
  url: (v, d) => text(d.maxLength ?? 2000)(v) ?? (/^https?:\/\//.test(v as string) ? null : 'expected an http(s) URL'),
  password: (v, d) => text(d.maxLength ?? 4096)(v),
  bool: (v) => (typeof v === 'boolean' ? null : 'expected true or false'),
  enum: (v, _d, options) => (typeof v === 'string' && options().includes(v) ? null : 'not one of the options'),
  multiEnum: (v, d, options) => {
    if (!Array.isArray(v) || v.length > 1000 || v.some((x) => typeof x !== 'string' || x === '' || x.length > 255))
      return 'expected a list of text values';
    if (new Set(v).size !== v.length) return 'a value is repeated';
    if (!d.allowCustomOptions && v.some((x) => !options().includes(x as string))) return 'not one of the options';
    return null;
  },
};

const READ_ONLY = new Set(['id', 'redirectUris', 'backchannelLogoutUris', 'portals', 'createdAt', 'modifiedAt']);

export interface ProviderPatch {
  name?: string;
  /** Values to set; null unsets (secrets included). Absent keys stay as they are. */
  values: Record<string, unknown>;
}

/**
 * Checks the shape of a create/update body against the CRM settings' field definitions (metadata):
 * unknown and forced-off fields are refused, each value must fit its field's type and options.
 */
export function checkProviderBody(
  body: unknown,
  metadata: MetadataService,
  creating: boolean,
  provided: ProvidedOptions = () => undefined,
): ProviderPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProviderError('ERR_PROVIDER_INVALID', { fields: { body: 'expected a JSON object' } });
  }
  const data = body as Record<string, unknown>;
  const defs = metadata.get<Record<string, FieldDef>>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
  const own: ReadonlySet<string> = new Set(PROVIDER_FIELDS);
  const fields: Record<string, string> = {};
  const patch: ProviderPatch = { values: {} };
  if (data['name'] !== undefined || creating) {
    const name = data['name'];
    if (typeof name !== 'string' || name.trim() === '' || name.trim().length > 255)
      fields['name'] = 'required, up to 255 characters';
    else patch.name = name.trim();
  }
  if (data['method'] !== undefined && data['method'] !== PROVIDER_METHOD) fields['method'] = `only ${PROVIDER_METHOD}`;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'name' || key === 'method' || READ_ONLY.has(key)) continue;
    if (Object.hasOwn(PROVIDER_FORCED, key)) {
      fields[key] = 'not available for authentication providers (always off)';
      continue;
    }
    const def = defs[key];
    if (!own.has(key) || !def) {
      fields[key] = 'unknown field';
      continue;
    }
    if (PROVIDER_SECRET_FIELDS.has(key) && typeof value === 'object' && value !== null && 'isSet' in value) continue;
    if (value === null || value === '') {
      patch.values[key] = null;
      continue;
    }
    const check = TYPE_CHECKS[def.type];
    const problem = check ? check(value, def, () => optionsOf(def, metadata, provided)) : 'unsupported field type';
    if (problem) fields[key] = problem;
    else patch.values[key] = typeof value === 'string' && !PROVIDER_SECRET_FIELDS.has(key) ? value.trim() : value;
  }
  if (Object.keys(fields).length > 0) throw new ProviderError('ERR_PROVIDER_INVALID', { fields });
  return patch;
}

function optionsOf(def: FieldDef, metadata: MetadataService, provided: ProvidedOptions): string[] {
  if (def.options) return def.options;
  const fromProvider = def.optionsProvider ? provided(def.optionsProvider) : undefined;
  if (fromProvider !== undefined) return [...fromProvider];
  if (!def.optionsPath) return [];
  return Object.keys(metadata.get<Record<string, unknown>>(def.optionsPath, {}) ?? {});
}

/** Applies a patch: null removes a value, anything else sets it. */
export function mergeValues(current: Readonly<Record<string, unknown>>, patch: ProviderPatch): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch.values)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * The rules a sign-in applies (the same reader as the CRM's settings): required fields per client
 * authentication method and algorithm, https endpoints unless `oidcAllowHttp`, algorithm names. Throws
 * `ERR_PROVIDER_INVALID` with every problem field.
 */
export function checkProviderSettings(
  values: Readonly<Record<string, unknown>>,
  config: Pick<ConfigService, 'get'>,
  siteUrl: string,
  isSymmetric: (alg: string) => boolean,
): void {
  try {
    readProviderSettings(values, config, siteUrl, { isSymmetricAlgorithm: isSymmetric });
  } catch (error) {
    if (error instanceof OidcSettingsError)
      throw new ProviderError('ERR_PROVIDER_INVALID', { fields: { ...error.fields } });
    throw error;
  }
}
