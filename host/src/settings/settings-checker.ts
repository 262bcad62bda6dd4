import type { ConfigValue } from '../../sdk/config.js';
import { HostError } from '../../sdk/errors.js';
import type { MetadataService } from '../../sdk/metadata.js';
import type { SettingsChecker } from '../../sdk/settings.js';
import { configKeyKind, parseConfigValue } from '../cli/config-validation.js';
import type { SettingsService } from './settings-service.js';

function invalid(fields: Record<string, string>, message: string): HostError {
  return new HostError('ERR_SETTINGS_INVALID', message, {
    status: 400,
    i18nKey: 'Settings.messages.settingsInvalid',
    fields,
  });
}

/** `TYPES.SettingsChecker`: the settings API's validation (SettingsService) without saving. */
export class HostSettingsChecker implements SettingsChecker {
  constructor(
    private readonly settings: SettingsService,
    private readonly metadata: MetadataService,
  ) {}

  parse(field: string, text: string): ConfigValue {
    if (configKeyKind(this.metadata, field) !== 'setting')
      throw invalid({ [field]: 'unknown setting' }, `"${field}" is not a settings field`);
    try {
      return parseConfigValue(this.metadata, field, text, this.settings.optionsLookup());
    } catch (error) {
      if (!HostError.is(error)) throw error;
      throw invalid(error.fields ?? { [field]: error.message }, error.message);
    }
  }

  check(
    patch: Readonly<Record<string, ConfigValue>>,
    options: Parameters<SettingsChecker['check']>[1] = {},
  ): Promise<Record<string, string>> {
    return this.settings.check({ ...patch }, options);
  }
}
