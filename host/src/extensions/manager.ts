import path from 'node:path';
import { readInstalledManifest } from './installed-folders.js';
import { discoverInstalled } from './loader.js';
import { manifestOrder } from './manifest.js';
import { installExtension, type InstallOptions, type InstallResult } from './installer.js';
import { recoverInterruptedInstall } from './install-recovery.js';
import { acquireManagerLock } from './lock.js';
import type { ExtensionManagerDeps, ProgressListener } from './manager-deps.js';
import { ExtensionRecords } from './records.js';
import { uninstallExtension } from './uninstaller.js';

export interface InstalledExtensionInfo {
  readonly name: string;
  readonly version: string;
  readonly order: number;
  /** Null for a folder the manager did not install (no Extension record). */
  readonly installedAt: Date | null;
  readonly description: string | null;
  /** False when the record says installed but the folder or its extension.json is gone. */
  readonly folderPresent: boolean;
  /** False for a folder under extensions/ without an Extension record (copied by hand): the host loads
   * it, but dependency checks do not see it until it is installed through the manager. */
  readonly recorded: boolean;
}

/** Installs, upgrades, uninstalls and lists extensions of one host instance, one operation at a time. */
export class ExtensionManager {
  constructor(private readonly deps: ExtensionManagerDeps) {}

  /** `options.handleSignals`: SIGINT/SIGTERM roll the install back instead of killing the process (the CLI). */
  async install(
    source: string,
    progress: ProgressListener = () => {},
    options: InstallOptions = {},
  ): Promise<InstallResult> {
    return this.locked(() => installExtension(this.deps, source, progress, options));
  }

  async uninstall(name: string, progress: ProgressListener = () => {}): Promise<{ name: string; version: string }> {
    return this.locked(() => uninstallExtension(this.deps, name, progress));
  }

  /** Installed extensions in load order: every Extension record, plus folders that have none. */
  async list(): Promise<InstalledExtensionInfo[]> {
    const records = await new ExtensionRecords(this.deps.persistence).installed();
    const result: InstalledExtensionInfo[] = [];
    for (const record of records) {
      const manifest = await readInstalledManifest(path.join(this.deps.paths.extensions, record.name)).catch(
        () => null,
      );
      const { name, version, order, installedAt } = record;
      result.push({
        name,
        version,
        order,
        installedAt,
        description: manifest?.description ?? null,
        folderPresent: manifest !== null,
        recorded: true,
      });
    }
    for (const { manifest } of await discoverInstalled(this.deps.paths)) {
      if (records.some((r) => r.name === manifest.name)) continue;
      result.push({
        name: manifest.name,
        version: manifest.version,
        order: manifestOrder(manifest),
        installedAt: null,
        description: manifest.description ?? null,
        folderPresent: true,
        recorded: false,
      });
    }
    return result.sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    // An install of a process that died since this host booted is rolled back first.
    await recoverInterruptedInstall(this.deps.paths.data, this.deps.logger, () =>
      Promise.resolve({ deps: this.deps, close: () => Promise.resolve() }),
    );
    const release = await acquireManagerLock(this.deps.paths.data, (pid) =>
      this.deps.logger.warn('Took over the extension manager lock of a process that no longer runs', { pid }),
    );
    try {
      return await fn();
    } finally {
      await release();
    }
  }
}
