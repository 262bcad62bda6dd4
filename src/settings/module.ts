import { TYPES, type SettingsValidator } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { OidcSettingsValidator } from './settings-validator.js';

/** Binds the settings domain: the save-time validator (a multi-binding of the host's extension point). */
export function bindSettings(container: Pick<ContainerModuleLoadOptions, 'bind'>): void {
  container.bind<SettingsValidator>(TYPES.SettingsValidator).to(OidcSettingsValidator).inSingletonScope();
}
