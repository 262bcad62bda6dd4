import path from 'node:path';
import { readInstalledManifest } from './installed-folders.js';
import { installExtension, type InstallResult } from './installer.js';
import { acquireManagerLock } from './lock.js';
import type { ExtensionManagerDeps, ProgressListener } from './manager-deps.js';
import { ExtensionRecords, type ExtensionRecordData } from './records.js';
import { uninstallExtension } from './uninstaller.js';

export interface InstalledExtensionInfo extends ExtensionRecordData {
  readonly description: string | null;
  /** False when the record says installed but the folder or its extension.json is gone. */
  readonly folderPresent: boolean;
}

/** Installs, upgrades, uninstalls and lists extensions of one host instance, one operation at a time. */
export class ExtensionManager {
  constructor(private readonly deps: ExtensionManagerDeps) {}

  async install(source: string, progress: ProgressListener = () => {}): Promise<InstallResult> {
    return this.locked(() => installExtension(this.deps, source, progress));
  }

  async uninstall(name: string, progress: ProgressListener = () => {}): Promise<{ name: string; version: string }> {
    return this.locked(() => uninstallExtension(this.deps, name, progress));
  }

  async list(): Promise<InstalledExtensionInfo[]> {
    const records = await new ExtensionRecords(this.deps.persistence).installed();
    const result: InstalledExtensionInfo[] = [];
    for (const record of records) {
      const manifest = await readInstalledManifest(path.join(this.deps.paths.extensions, record.name)).catch(
        () => null,
      );
      result.push({ ...record, description: manifest?.description ?? null, folderPresent: manifest !== null });
    }
    return result;
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const release = await acquireManagerLock(this.deps.paths.data);
    try {
      return await fn();
    } finally {
      await release();
    }
  }
}
