import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { MetadataService } from '../../sdk/metadata.js';
import { isDuration } from './duration.js';
import { fieldOptions, settingsFieldDefs, type OptionsLookup, type SettingsFieldDef } from './field-defs.js';

type Schema = Record<string, unknown>;
type TypeBuilder = (def: SettingsFieldDef, metadata: MetadataService, lookup?: OptionsLookup) => Schema;

const teamMappingItem: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['group', 'team'],
  properties: {
    // An empty group assigns the team to everyone who signs in (as EspoCRM does).
    group: { type: 'string', maxLength: 1000 },
    team: { type: 'string', minLength: 1, maxLength: 255 },
    // The team's id (optional): the rule keeps its team when the team is renamed.
    teamId: { type: 'string', maxLength: 64 },
    pattern: { type: 'boolean' },
  },
  // A pattern entry must hold a regular expression that compiles.
  if: { properties: { pattern: { const: true } }, required: ['pattern'] },
  then: { properties: { group: { format: 'regex', minLength: 1 } } },
};

/** Field type -> JSON schema of its value. A registry: a new type is one entry. */
export const FIELD_TYPE_SCHEMAS: Readonly<Record<string, TypeBuilder>> = {
  varchar: (d) => ({
    type: 'string',
    maxLength: d.maxLength ?? 255,
    ...(d.pattern ? { pattern: d.pattern } : {}),
  }),
  text: (d) => ({ type: 'string', maxLength: d.maxLength ?? 65535 }),
  password: (d) => ({ type: 'string', maxLength: d.maxLength ?? 4096 }),
  url: (d) => ({ type: 'string', maxLength: d.maxLength ?? 2000, format: 'http-url' }),
  enum: (d, m, l) => ({ type: 'string', enum: fieldOptions(d, m, l) ?? [] }),
  multiEnum: (d, m, l) => ({
    type: 'array',
    uniqueItems: true,
    maxItems: 1000,
    items: d.allowCustomOptions
      ? { type: 'string', minLength: 1, maxLength: 255 }
      : { type: 'string', enum: fieldOptions(d, m, l) ?? [] },
  }),
  bool: () => ({ type: 'boolean' }),
  int: (d) => ({
    type: 'integer',
    ...(d.min !== undefined ? { minimum: d.min } : {}),
    ...(d.max !== undefined ? { maximum: d.max } : {}),
  }),
  duration: () => ({ type: 'string', format: 'duration' }),
  teamMapping: () => ({ type: 'array', maxItems: 1000, items: teamMappingItem }),
};

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.username && !url.password
    );
  } catch {
    return false;
  }
}

function isRegex(value: string): boolean {
  try {
    new RegExp(value, 'u');
    return true;
  } catch {
    return false;
  }
}

function fieldSchema(name: string, def: SettingsFieldDef, metadata: MetadataService, lookup?: OptionsLookup): Schema {
  const builder = Object.prototype.hasOwnProperty.call(FIELD_TYPE_SCHEMAS, def.type)
    ? FIELD_TYPE_SCHEMAS[def.type]
    : undefined;
  if (!builder) throw new Error(`entityDefs.Settings.fields.${name}: unknown field type "${def.type}"`);
  const schema = builder(def, metadata, lookup);
  return def.nullable || def.type === 'password' ? { anyOf: [schema, { type: 'null' }] } : schema;
}

/**
 * The JSON schema of a settings PATCH body, generated from metadata `entityDefs.Settings.fields` (enum
 * options of fields naming an `optionsProvider` from `lookup`).
 */
export function buildSettingsSchema(metadata: MetadataService, lookup?: OptionsLookup): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(settingsFieldDefs(metadata))) {
    properties[name] = fieldSchema(name, def, metadata, lookup);
  }
  return { type: 'object', additionalProperties: false, properties };
}

export function createSettingsAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  ajv.addFormat('http-url', { type: 'string', validate: isHttpUrl });
  ajv.addFormat('duration', { type: 'string', validate: isDuration });
  ajv.addFormat('regex', { type: 'string', validate: isRegex });
  return ajv;
}

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  'http-url': 'must be an absolute http(s) URL',
  duration: 'must be a duration such as "30 seconds", "10 minutes", "1 hour" or "2 days"',
  regex: 'must be a valid regular expression',
};

function describe(error: ErrorObject): string {
  const sub = error.instancePath.split('/').slice(2).join('/');
  const prefix = sub ? `${sub}: ` : '';
  if (error.keyword === 'format')
    return prefix + (FORMAT_MESSAGES[String(error.params.format)] ?? 'has a wrong format');
  if (error.keyword === 'enum')
    return `${prefix}must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'additionalProperties')
    return `${prefix}unknown property "${String(error.params.additionalProperty)}"`;
  return prefix + (error.message ?? 'is invalid');
}

/** ajv errors -> one message per settings field (`field -> message`). */
export function errorsByField(errors: readonly ErrorObject[] | null | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  // With anyOf (nullable) ajv reports the branch errors plus "must match a schema in anyOf": keep the first real one.
  for (const error of errors ?? []) {
    const field =
      error.instancePath === '' && error.keyword === 'additionalProperties'
        ? String(error.params.additionalProperty)
        : error.instancePath.split('/')[1];
    if (!field || field in fields || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    if (error.schemaPath.includes('/anyOf/1/')) continue; // the `null` branch of a nullable field
    fields[field] = error.instancePath === '' ? 'unknown field' : describe(error);
  }
  return fields;
}

/**
 * The options every `optionsProvider` of the fields gives now: part of the cache key, so a provider whose
 * values change (e.g. a registry filled at start) gets a new validator.
 */
function providedFingerprint(metadata: MetadataService, lookup: OptionsLookup | undefined): string {
  if (lookup === undefined) return '';
  const names = new Set<string>();
  for (const def of Object.values(settingsFieldDefs(metadata))) if (def.optionsProvider) names.add(def.optionsProvider);
  return JSON.stringify([...names].sort().map((n) => [n, lookup(n) ?? null]));
}

/** Compiles (and caches per metadata tree and provided options) the validator of settings PATCH bodies. */
export class SettingsSchemaCache {
  private readonly cache = new WeakMap<object, Map<string, ValidateFunction>>();

  validator(metadata: MetadataService, lookup?: OptionsLookup): ValidateFunction {
    const key = metadata.all();
    let byOptions = this.cache.get(key);
    if (!byOptions) {
      byOptions = new Map();
      this.cache.set(key, byOptions);
    }
    const fingerprint = providedFingerprint(metadata, lookup);
    let validate = byOptions.get(fingerprint);
    if (!validate) {
      validate = createSettingsAjv().compile(buildSettingsSchema(metadata, lookup));
      if (byOptions.size >= 8) byOptions.clear();
      byOptions.set(fingerprint, validate);
    }
    return validate;
  }
}

const sharedCache = new SettingsSchemaCache();

/**
 * Schema errors of a settings change (`field -> message`; empty when valid), without dynamic logic or
 * validators: for callers outside the settings API, e.g. `crm-host config set` on a Settings field.
 * `lookup` gives the options of fields that name an `optionsProvider`.
 */
export function settingsSchemaErrors(
  metadata: MetadataService,
  patch: Record<string, unknown>,
  lookup?: OptionsLookup,
): Record<string, string> {
  const validate = sharedCache.validator(metadata, lookup);
  return validate(patch) ? {} : errorsByField(validate.errors);
}
