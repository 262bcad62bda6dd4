import type { ConfigService, ConfigValue } from '../../sdk/config.js';
import { User } from '../../sdk/entities/User.js';
import { HostError } from '../../sdk/errors.js';
import type { I18nService, MetadataService } from '../../sdk/metadata.js';
import type { FieldOptionsProvider, SettingsValidator } from '../../sdk/settings.js';
import { findViolations, type DynamicLogic } from './dynamic-logic.js';
import { optionsLookup, settingsFieldDefs, type OptionsLookup, type SettingsFieldDefs } from './field-defs.js';
import { errorsByField, SettingsSchemaCache } from './schema.js';

export interface SettingsView {
  /** Every settings field: its value (or default); secrets as `{ isSet }`. */
  values: Record<string, unknown>;
  /** Config level of each field. */
  levels: Record<string, string>;
}

const MESSAGE_SCOPE = 'Settings';

/**
 * Reads and saves admin settings. A save is validated in four steps and refused as a whole
 * (`ERR_SETTINGS_INVALID`, per-field messages, nothing saved) when any step fails:
 * read-only fields, the JSON schema generated from metadata, the dynamic logic (`required`/`invalid`) of
 * every authentication method against the values after the change, then every SettingsValidator.
 */
export class SettingsService {
  private readonly schemas = new SettingsSchemaCache();

  constructor(
    private readonly config: ConfigService,
    private readonly metadata: MetadataService,
    private readonly i18n: I18nService,
    private readonly validators: () => readonly SettingsValidator[],
    /** The configured public URL, for `valueTemplate`s. */
    private readonly siteUrl: () => string = () => '',
    /** The bound `FieldOptionsProvider`s (options of fields that name one). */
    private readonly optionsProviders: () => readonly FieldOptionsProvider[] = () => [],
  ) {}

  /** Options of the fields that name an `optionsProvider`, from the bound providers. */
  optionsLookup(): OptionsLookup {
    return optionsLookup(this.optionsProviders());
  }

  fieldDefs(): SettingsFieldDefs {
    return settingsFieldDefs(this.metadata);
  }

  isSecret(field: string): boolean {
    return this.fieldDefs()[field]?.type === 'password' || this.config.levelOf(field) === 'secret';
  }

  /** Current values of every settings field (raw, secrets included: server side only). */
  currentValues(): Record<string, ConfigValue> {
    const values: Record<string, ConfigValue> = {};
    const defs = this.fieldDefs();
    for (const [name, def] of Object.entries(defs)) {
      const value = this.config.get(name, def.default as ConfigValue | undefined);
      values[name] = value === undefined ? null : value;
    }
    for (const [name, def] of Object.entries(defs)) {
      if (def.readOnly && typeof def.valueTemplate === 'string') values[name] = this.fill(def.valueTemplate, values);
    }
    return values;
  }

  private fill(template: string, values: Record<string, ConfigValue>): string {
    return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
      if (key === 'siteUrl') return this.siteUrl();
      const value = values[key];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    });
  }

  /** What an admin sees: secrets never leave the server, only whether they are set. */
  view(): SettingsView {
    const values: Record<string, unknown> = {};
    const levels: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.currentValues())) {
      const secret = this.isSecret(name);
      levels[name] = secret ? 'secret' : this.config.levelOf(name);
      values[name] = secret ? { isSet: value !== null && value !== '' } : value;
    }
    return { values, levels };
  }

  private message(key: string, language: string): string {
    return this.i18n.translate(MESSAGE_SCOPE, 'messages', key, language);
  }

  private structuralErrors(patch: Record<string, unknown>, language: string): Record<string, string> {
    const defs = this.fieldDefs();
    const fields: Record<string, string> = {};
    for (const name of Object.keys(patch)) {
      if (defs[name]?.readOnly) fields[name] = this.message('fieldIsReadOnly', language);
    }
    const validate = this.schemas.validator(this.metadata, this.optionsLookup());
    if (!validate(patch)) {
      for (const [name, text] of Object.entries(errorsByField(validate.errors))) {
        fields[name] ??= name in defs ? text : this.message('fieldIsUnknown', language);
      }
    }
    return fields;
  }

  private logicErrors(next: Record<string, ConfigValue>, language: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [name, def] of Object.entries(this.fieldDefs())) {
      if (def.required && (next[name] === null || next[name] === ''))
        fields[name] = this.message('fieldIsRequired', language);
    }
    const methods =
      this.metadata.get<Record<string, { settings?: { dynamicLogic?: DynamicLogic } }>>(
        ['authenticationMethods'],
        {},
      ) ?? {};
    const logics = Object.values(methods).map((m) => m?.settings?.dynamicLogic);
    for (const violation of findViolations(logics, next)) {
      fields[violation.field] ??= this.message(violation.messageKey, language);
    }
    return fields;
  }

  private refuse(fields: Record<string, string>): never {
    throw new HostError('ERR_SETTINGS_INVALID', `Settings not saved: ${Object.keys(fields).join(', ')} invalid`, {
      status: 400,
      i18nKey: 'Settings.messages.settingsInvalid',
      fields,
    });
  }

  /**
   * The checks of a save, nothing saved: per-field messages of the first failing step (read-only fields and
   * schema, then dynamic logic against the values after the change, then, unless `validators` is false,
   * every SettingsValidator). Empty: valid.
   */
  async check(
    body: Record<string, ConfigValue>,
    options: { actor?: User; language?: string; validators?: boolean } = {},
  ): Promise<Record<string, string>> {
    const language = options.language ?? 'en_US';
    const structural = this.structuralErrors(body, language);
    if (Object.keys(structural).length > 0) return structural;

    await this.config.refresh();
    const current = this.currentValues();
    const next = { ...current, ...body };
    const logic = this.logicErrors(next, language);
    if (Object.keys(logic).length > 0) return logic;
    if (options.validators === false) return {};

    const fromValidators: Record<string, string> = {};
    const actor = options.actor ?? Object.assign(new User(), { userName: 'system', type: 'admin' as const });
    for (const validator of this.validators()) {
      const result = await validator.validate({ current, next, patch: body, actor });
      for (const [field, text] of Object.entries(result ?? {})) fromValidators[field] ??= text;
    }
    return fromValidators;
  }

  /** The patch with the values validators' `normalize` replace (only keys of the patch). */
  private async normalized(body: Record<string, ConfigValue>, actor: User): Promise<Record<string, ConfigValue>> {
    const validators = this.validators().filter((v) => typeof v.normalize === 'function');
    if (validators.length === 0) return body;
    const current = this.currentValues();
    let out = body;
    for (const validator of validators) {
      const replaced = await validator.normalize!({ current, next: { ...current, ...out }, patch: out, actor });
      for (const [key, value] of Object.entries(replaced ?? {})) if (key in out) out = { ...out, [key]: value };
    }
    return out;
  }

  /** Validates `patch` completely, then saves it atomically; throws ERR_SETTINGS_INVALID with nothing saved. */
  async save(patch: unknown, actor: User, language = 'en_US'): Promise<SettingsView> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new HostError('ERR_SETTINGS_INVALID', 'The settings body must be a JSON object', {
        status: 400,
        i18nKey: 'Settings.messages.settingsInvalid',
        fields: {},
      });
    }
    let body = patch as Record<string, ConfigValue>;
    const problems = await this.check(body, { actor, language });
    if (Object.keys(problems).length > 0) this.refuse(problems);
    body = await this.normalized(body, actor);

    const defs = this.fieldDefs();
    const toSave: Record<string, ConfigValue | undefined> = {};
    for (const [name, value] of Object.entries(body)) {
      if (defs[name]?.notStorable) continue;
      // Clearing a secret removes it from the store.
      toSave[name] = value === null && this.isSecret(name) ? undefined : value;
    }
    if (Object.keys(toSave).length > 0) await this.config.set(toSave);
    return this.view();
  }
}
