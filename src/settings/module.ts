import { TYPES, type SettingsValidator } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { SecretBindingValidator } from './secret-binding.js';
import { OidcSettingsValidator } from './settings-validator.js';

/** Binds the settings domain: the save-time validators (a multi-binding of the host's extension point). */
export function bindSettings(container: Pick<ContainerModuleLoadOptions, 'bind'>): void {
  container.bind<SettingsValidator>(TYPES.SettingsValidator).to(OidcSettingsValidator).inSingletonScope();
  container.bind<SettingsValidator>(TYPES.SettingsValidator).to(SecretBindingValidator).inSingletonScope();
}
