import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dependent } from './compatibility.js';
import { parseManifest, type ExtensionManifest } from './manifest.js';
import type { ExtensionManagerDeps } from './manager-deps.js';
import { ExtensionRecords } from './records.js';

/** Where the manager keeps temporary work: zip extractions and backups of replaced folders. */
export function managerWorkDirs(dataDir: string): { staging: string; backups: string } {
  return { staging: path.join(dataDir, 'tmp', 'extensions'), backups: path.join(dataDir, 'extension-backups') };
}

/** Reads the extension.json of an installed extension folder, or null when there is none. */
export async function readInstalledManifest(dir: string): Promise<ExtensionManifest | null> {
  const text = await readFile(path.join(dir, 'extension.json'), 'utf8').catch(() => null);
  return text === null ? null : parseManifest(JSON.parse(text), `${path.basename(dir)}/extension.json`);
}

/** Installed extensions whose extension.json depends on `name`, with the range each needs. */
export async function dependentsOf(deps: ExtensionManagerDeps, name: string): Promise<Dependent[]> {
  const records = await new ExtensionRecords(deps.persistence).installed();
  const dependents: Dependent[] = [];
  for (const record of records) {
    if (record.name === name) continue;
    const manifest = await readInstalledManifest(path.join(deps.paths.extensions, record.name)).catch(() => null);
    const range = manifest?.dependencies?.[name];
    if (range !== undefined) dependents.push({ name: record.name, range });
  }
  return dependents;
}
