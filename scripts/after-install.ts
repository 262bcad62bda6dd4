import path from 'node:path';
import type { LifecycleScript } from 'crm-host/sdk';
import { applyMissingDefaults, readOwnSettingDefaults } from './lifecycle/settings-defaults.js';

/**
 * Writes the declared defaults of the extension's settings that have no value yet (an upgrade keeps
 * every value an administrator set). Running it twice changes nothing the second time.
 */
const afterInstall: LifecycleScript = async (context) => {
  const dir = path.join(context.paths.extensions, context.extensionName);
  const defaults = await readOwnSettingDefaults(dir);
  const written = await applyMissingDefaults(context.config, defaults);
  context.logger.info(
    written.length > 0 ? `wrote defaults for ${written.length} settings` : 'all settings already have values',
    { keys: written },
  );
};

export default afterInstall;
