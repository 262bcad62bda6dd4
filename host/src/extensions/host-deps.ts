import type { Host } from '../app/host.js';
import { appliedMigrations, revertMigrations, runMigrations } from '../db/migration-runner.js';
import { importExtensionEntry } from './loader.js';
import type { ExtensionManagerDeps } from './manager-deps.js';

/**
 * Wires the extension manager to a booted host. Boot the host with extensions loaded (the default):
 * `rebuildResources()` then sees every extension folder on disk.
 */
export function managerDepsFromHost(host: Host): ExtensionManagerDeps {
  const logger = host.logger.child('extensions');
  const migrationLog = host.logger.child('migrations');
  return {
    paths: host.paths,
    persistence: host.persistence,
    config: host.config,
    logger,
    importEntry: (dir, manifest) => importExtensionEntry(dir, manifest),
    runMigrations: (owner, migrations) => runMigrations(host.persistence, owner, migrations, migrationLog),
    appliedMigrations: (owner) => appliedMigrations(host.persistence, owner),
    revertMigrations: async (owner, migrations, names) => {
      await revertMigrations(host.persistence, owner, migrations, names, migrationLog);
    },
    rebuildResources: () => host.rebuildResources(),
  };
}
