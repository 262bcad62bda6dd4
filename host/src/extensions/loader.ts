import { lstat, readdir, readFile, readlink, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ContainerModule } from 'inversify';
import { HostError } from '../../sdk/errors.js';
import type { ExtensionEntry } from '../../sdk/extension.js';
import type { InstancePaths } from '../../sdk/instance.js';
import type { Logger } from '../../sdk/logger.js';
import { manifestEntry, manifestOrder, parseManifest, type ExtensionManifest } from './manifest.js';

export interface InstalledExtension {
  manifest: ExtensionManifest;
  dir: string;
}

/** The `node_modules` folder that holds the host's own `inversify` (and so `crm-host`, jose, MikroORM). */
export function hostNodeModules(): string {
  const file = fileURLToPath(import.meta.resolve('inversify'));
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0)
    throw new HostError('ERR_HOST_MODULES_NOT_FOUND', `Cannot find the host node_modules from ${file}`, {
      status: 500,
    });
  return file.slice(0, at + marker.length - 1);
}

/**
 * Makes bare imports (`crm-host/sdk`, `inversify`, `jose`, `@mikro-orm/core`, ...) in files under
 * `<root>/extensions/**` and `<root>/custom/**` resolve to the host's own packages, also when the instance
 * lives outside the repository: `<root>/node_modules` becomes a symlink to the host's node_modules. A real
 * folder already there is left alone. Idempotent.
 */
export async function ensureModuleResolution(paths: InstancePaths): Promise<void> {
  const target = hostNodeModules();
  const link = join(paths.root, 'node_modules');
  if (resolve(link) === resolve(target)) return;
  try {
    const info = await lstat(link);
    if (!info.isSymbolicLink()) return;
    if (resolve(dirname(link), await readlink(link)) === resolve(target)) return;
    await rm(link, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await symlink(target, link, 'dir');
  } catch (error) {
    // A concurrent boot created the same link.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Installed extensions: folders under `<root>/extensions/*` with a valid `extension.json`, sorted by
 * `order`, then name. A broken folder is logged and skipped.
 */
export async function discoverInstalled(paths: InstancePaths, logger?: Logger): Promise<InstalledExtension[]> {
  let names: string[];
  try {
    names = (await readdir(paths.extensions, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: InstalledExtension[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const dir = join(paths.extensions, name);
    try {
      const manifest = parseManifest(
        JSON.parse(await readFile(join(dir, 'extension.json'), 'utf8')),
        `${name}/extension.json`,
      );
      if (manifest.name !== name) {
        throw new HostError(
          'ERR_EXTENSION_MANIFEST_INVALID',
          `${name}/extension.json names "${manifest.name}", not the folder name`,
        );
      }
      found.push({ manifest, dir });
    } catch (error) {
      logger?.error('Extension folder skipped', { dir, error: (error as Error).message });
    }
  }
  return found.sort(
    (a, b) => manifestOrder(a.manifest) - manifestOrder(b.manifest) || (a.manifest.name < b.manifest.name ? -1 : 1),
  );
}

function entryInvalid(manifest: ExtensionManifest, why: string, cause?: unknown): HostError {
  return new HostError(
    'ERR_EXTENSION_ENTRY_INVALID',
    `Extension "${manifest.name}": entry ${manifestEntry(manifest)} ${why}`,
    {
      status: 500,
      i18nKey: 'Extension.messages.entryInvalid',
      cause,
    },
  );
}

let importCounter = 0;

/** Imports a module with a query string, so that a file replaced in this process is imported anew. */
export async function importFresh(file: string): Promise<Record<string, unknown>> {
  const info = await stat(file);
  importCounter += 1;
  const url = `${pathToFileURL(file).href}?v=${Math.trunc(info.mtimeMs)}-${info.size}-${importCounter}`;
  return (await import(url)) as Record<string, unknown>;
}

function isContainerModule(value: unknown): value is ContainerModule {
  // instanceof fails across duplicate copies of inversify; check the shape.
  return (
    value instanceof ContainerModule ||
    (typeof value === 'object' && value !== null && typeof (value as ContainerModule).load === 'function')
  );
}

/**
 * Imports the entry module of an installed extension and checks its default export: an
 * {@link ExtensionEntry} whose `name` equals the manifest name.
 */
export async function importExtensionEntry(dir: string, manifest: ExtensionManifest): Promise<ExtensionEntry> {
  const file = resolve(dir, manifestEntry(manifest));
  if (!file.startsWith(resolve(dir) + sep)) throw entryInvalid(manifest, 'is outside the extension folder');
  let mod: Record<string, unknown>;
  try {
    mod = await importFresh(file);
  } catch (error) {
    throw entryInvalid(manifest, `could not be imported: ${(error as Error).message}`, error);
  }
  const entry = mod.default as Partial<ExtensionEntry> | undefined;
  if (typeof entry !== 'object' || entry === null)
    throw entryInvalid(manifest, 'has no default export (use defineExtension)');
  if (entry.name !== manifest.name)
    throw entryInvalid(manifest, `exports name "${String(entry.name)}", expected "${manifest.name}"`);
  if (!isContainerModule(entry.module)) throw entryInvalid(manifest, 'has no ContainerModule in `module`');
  if (entry.entities !== undefined && !Array.isArray(entry.entities))
    throw entryInvalid(manifest, '`entities` is not an array');
  if (entry.migrations !== undefined && !Array.isArray(entry.migrations))
    throw entryInvalid(manifest, '`migrations` is not an array');
  for (const hook of ['start', 'stop'] as const) {
    if (entry[hook] !== undefined && typeof entry[hook] !== 'function')
      throw entryInvalid(manifest, `\`${hook}\` is not a function`);
  }
  return entry as ExtensionEntry;
}
