import type { ConfigValue } from '../../sdk/config.js';
import { User } from '../../sdk/entities/User.js';
import { HostError } from '../../sdk/errors.js';
import { CLI_SETTINGS_ACTOR } from '../../sdk/settings.js';
import type { Host } from '../app/host.js';
import { SETTINGS_SERVICE } from '../container/core-module.js';
import type { SettingsService } from '../settings/settings-service.js';
import { configKeyKind, parseConfigValue } from './config-validation.js';
import { usageError } from './usage-error.js';

/** The actor of settings changes made from the command line (never saved; validators see an admin). */
function cliActor(): User {
  return Object.assign(new User(), { userName: CLI_SETTINGS_ACTOR, name: 'Command line', type: 'admin' as const });
}

/**
 * Saves one value from `crm-host config set`. A Settings field goes through the settings API's
 * SettingsService (read-only fields, schema, dynamic logic, every SettingsValidator), an app.config key
 * through its type check; a refusal is a usage error and nothing is saved.
 */
export async function setConfigValue(host: Host, key: string, text: string): Promise<ConfigValue> {
  const settings = host.container.get<SettingsService>(SETTINGS_SERVICE);
  const value = parseConfigValue(host.metadata, key, text, settings.optionsLookup());
  if (configKeyKind(host.metadata, key) === 'config') {
    await host.config.set({ [key]: value });
    return value;
  }
  try {
    await settings.save({ [key]: value }, cliActor());
  } catch (error) {
    if (HostError.is(error) && error.code === 'ERR_SETTINGS_INVALID') {
      const fields = Object.entries(error.fields ?? {}).map(([field, message]) => `${field}: ${message}`);
      throw usageError(`not saved: ${fields.join('; ') || error.message}`, error.fields);
    }
    throw error;
  }
  return value;
}
