import { Extension } from '../../sdk/entities/Extension.js';
import type { Persistence } from '../../sdk/persistence.js';
import { manifestOrder, type ExtensionManifest } from './manifest.js';

/** The persisted fields of an Extension record, kept to restore it exactly on rollback. */
export interface ExtensionRecordData {
  id: string;
  name: string;
  version: string;
  order: number;
  files: string[];
  isInstalled: boolean;
  installedAt: Date;
}

function toData(record: Extension): ExtensionRecordData {
  return {
    id: record.id,
    name: record.name,
    version: record.version,
    order: record.order,
    files: [...record.files],
    isInstalled: record.isInstalled,
    installedAt: record.installedAt,
  };
}

/** Extension records (table `extensions`): one row per name, `isInstalled` false after uninstall. */
export class ExtensionRecords {
  constructor(private readonly persistence: Persistence) {}

  /** Installed extensions in load order (order, then name). */
  async installed(): Promise<ExtensionRecordData[]> {
    const rows = await this.persistence
      .em()
      .find(Extension, { isInstalled: true }, { orderBy: { order: 'asc', name: 'asc' } });
    return rows.map(toData);
  }

  /** Every record, installed or not, by name. */
  async all(): Promise<ExtensionRecordData[]> {
    const rows = await this.persistence.em().find(Extension, {}, { orderBy: { name: 'asc' } });
    return rows.map(toData);
  }

  /** The record of `name`, installed or not, or null. */
  async find(name: string): Promise<ExtensionRecordData | null> {
    const row = await this.persistence.em().findOne(Extension, { name });
    return row ? toData(row) : null;
  }

  /** Marks `name` installed at the manifest's version with these files. */
  async saveInstalled(manifest: ExtensionManifest, files: readonly string[], installedAt: Date): Promise<void> {
    await this.persistence.transactional(async (em) => {
      const values = {
        version: manifest.version,
        order: manifestOrder(manifest),
        files: [...files],
        isInstalled: true,
        installedAt,
      };
      const row = await em.findOne(Extension, { name: manifest.name });
      if (row) Object.assign(row, values);
      else em.persist(em.create(Extension, { name: manifest.name, ...values }));
    });
  }

  async markUninstalled(name: string): Promise<void> {
    await this.persistence.transactional(async (em) => {
      const row = await em.findOne(Extension, { name });
      if (!row) return;
      row.isInstalled = false;
      row.files = [];
    });
  }

  /** Puts the record of `name` back to `before` (null: no record at all). */
  async restore(name: string, before: ExtensionRecordData | null): Promise<void> {
    await this.persistence.transactional(async (em) => {
      const row = await em.findOne(Extension, { name });
      if (!before) {
        if (row) em.remove(row);
        return;
      }
      const values = { ...before, files: [...before.files] };
      if (row) {
        const { id: _id, ...rest } = values;
        Object.assign(row, rest);
      } else em.persist(em.create(Extension, values));
    });
  }
}
