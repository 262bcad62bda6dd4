import type { ConfigValue } from '../../sdk/config.js';
import type { MetadataService } from '../../sdk/metadata.js';
import { isDuration } from '../settings/duration.js';
import { settingsFieldDefs, type OptionsLookup } from '../settings/field-defs.js';
import { settingsSchemaErrors } from '../settings/schema.js';
import { usageError } from './usage-error.js';

type Check = (value: ConfigValue) => string | null;

/**
 * Value checks of keys declared only in metadata `app.config` (by their `type`); Settings fields are
 * checked by the settings API's own schema instead. A registry: a new type is one entry.
 */
const APP_CONFIG_CHECKS: Readonly<Record<string, Check>> = {
  string: (v) => (typeof v === 'string' ? null : 'must be a string'),
  url: (v) => (typeof v === 'string' && URL.canParse(v) ? null : 'must be an absolute URL'),
  boolean: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  integer: (v) => (typeof v === 'number' && Number.isInteger(v) ? null : 'must be an integer'),
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'),
  array: (v) => (Array.isArray(v) ? null : 'must be a JSON array'),
  object: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'must be a JSON object'),
  duration: (v) =>
    isDuration(v) ? null : 'must be a duration such as "30 seconds", "10 minutes", "1 hour" or "2 days"',
};

export type ConfigKeyKind = 'setting' | 'config';

/** Whether `key` is a Settings field (validated like the settings API), an app.config key, or unknown. */
export function configKeyKind(metadata: MetadataService, key: string): ConfigKeyKind | null {
  if (Object.hasOwn(settingsFieldDefs(metadata), key)) return 'setting';
  const config = metadata.get<Record<string, unknown>>(['app', 'config'], {}) ?? {};
  return Object.hasOwn(config, key) ? 'config' : null;
}

/** The readings of the command-line text: its JSON value (when it parses), then the text itself. */
function candidates(text: string): ConfigValue[] {
  try {
    const parsed = JSON.parse(text) as ConfigValue;
    return parsed === text ? [parsed] : [parsed, text];
  } catch {
    return [text];
  }
}

/**
 * Turns the command-line text into the value for `key` and checks it against the metadata: Settings
 * fields with the settings API's JSON schema (`settingsSchemaErrors`), app.config keys by their `type`.
 * The text is read as JSON when that is valid for the key, else as plain text (so `12345` stays a string
 * for a string field). Unknown keys and invalid values are refused (usage error naming the field). `lookup`
 * gives the options of fields that name an `optionsProvider` (e.g. the extension's algorithm registry).
 */
export function parseConfigValue(
  metadata: MetadataService,
  key: string,
  text: string,
  lookup?: OptionsLookup,
): ConfigValue {
  const kind = configKeyKind(metadata, key);
  if (!kind) {
    throw usageError(`unknown config key "${key}" (not in metadata entityDefs.Settings.fields or app.config)`, {
      [key]: 'unknown key',
    });
  }
  const problemOf = (value: ConfigValue): string | null => {
    if (kind === 'setting') return settingsSchemaErrors(metadata, { [key]: value }, lookup)[key] ?? null;
    const type = metadata.get<string>(['app', 'config', key, 'type']);
    const check = type && Object.hasOwn(APP_CONFIG_CHECKS, type) ? APP_CONFIG_CHECKS[type] : undefined;
    return check ? check(value) : null;
  };
  const readings = candidates(text);
  let first: string | null = null;
  for (const value of readings) {
    const problem = problemOf(value);
    if (problem === null) return value;
    first ??= problem;
  }
  throw usageError(`invalid value for "${key}": ${first}`, { [key]: first ?? 'invalid' });
}
