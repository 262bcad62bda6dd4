import type { ConfigValue } from '../../sdk/config.js';
import type { MetadataService } from '../../sdk/metadata.js';
import { usageError } from './usage-error.js';

interface FieldDef {
  type?: string;
  options?: unknown[];
}

type Check = (value: ConfigValue, def: FieldDef) => string | null;

const isString: Check = (v) => (typeof v === 'string' ? null : 'must be a string');
const isStringArray: Check = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'must be an array of strings';
const inOptions = (values: ConfigValue[], def: FieldDef): string | null =>
  Array.isArray(def.options) && values.some((x) => !def.options!.includes(x))
    ? `must be one of: ${def.options.join(', ')}`
    : null;

/** Checks per field type of metadata `entityDefs.Settings.fields.<key>.type` (a registry, not a switch). */
const TYPE_CHECKS: Record<string, Check> = {
  varchar: isString,
  text: isString,
  password: isString,
  email: isString,
  url: (v) => {
    if (typeof v !== 'string') return 'must be a URL string';
    return URL.canParse(v) ? null : 'must be an absolute URL';
  },
  enum: (v, def) => isString(v, def) ?? inOptions([v], def),
  bool: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  int: (v) => (typeof v === 'number' && Number.isInteger(v) ? null : 'must be an integer'),
  float: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'),
  array: isStringArray,
  multiEnum: (v, def) => isStringArray(v, def) ?? inOptions(v as string[], def),
  // app.config types
  string: isString,
  boolean: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  integer: (v) => (typeof v === 'number' && Number.isInteger(v) ? null : 'must be an integer'),
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'),
  object: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'must be a JSON object'),
  jsonObject: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'must be a JSON object'),
};

const STRING_TYPES = new Set(['varchar', 'text', 'password', 'email', 'url', 'enum', 'string']);

/** Known keys: metadata `entityDefs.Settings.fields` and `app.config`. */
export function knownConfigKeys(metadata: MetadataService): Set<string> {
  const fields = metadata.get<Record<string, unknown>>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
  const config = metadata.get<Record<string, unknown>>(['app', 'config'], {}) ?? {};
  return new Set([...Object.keys(fields), ...Object.keys(config)]);
}

/**
 * Turns the command-line text into a value for `key` and checks it against the metadata. Text that
 * parses as JSON is taken as JSON, except for string fields where the raw text is the value unless it
 * is a quoted JSON string. Unknown keys and values of the wrong type are refused (usage error).
 */
export function parseConfigValue(metadata: MetadataService, key: string, text: string): ConfigValue {
  if (!knownConfigKeys(metadata).has(key)) {
    throw usageError(`unknown config key "${key}" (not in metadata entityDefs.Settings.fields or app.config)`, {
      [key]: 'unknown key',
    });
  }
  const def =
    metadata.get<FieldDef>(['entityDefs', 'Settings', 'fields', key]) ??
    metadata.get<FieldDef>(['app', 'config', key]) ??
    {};
  let value: ConfigValue;
  try {
    value = JSON.parse(text) as ConfigValue;
  } catch {
    value = text;
  }
  if (def.type && STRING_TYPES.has(def.type) && typeof value !== 'string') value = text;
  const check = def.type ? TYPE_CHECKS[def.type] : undefined;
  const problem = check ? check(value, def) : null;
  if (problem) throw usageError(`invalid value for "${key}" (${def.type}): ${problem}`, { [key]: problem });
  return value;
}
