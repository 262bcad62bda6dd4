import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LifecycleScript, LifecycleScriptContext, LifecycleScriptName } from '../../sdk/extension.js';
import { extensionError } from './errors.js';
import type { ExtensionManifest } from './manifest.js';

/**
 * Imports the lifecycle script `name` of the extension in `dir`, or returns null when the manifest
 * names none. A query string makes every import fresh, so a reinstall or an upgrade runs the files
 * now on disk, not a cached earlier version.
 */
export async function loadLifecycleScript(
  dir: string,
  manifest: ExtensionManifest,
  name: LifecycleScriptName,
): Promise<LifecycleScript | null> {
  const relative = manifest.scripts?.[name];
  if (!relative) return null;
  const url = pathToFileURL(path.join(dir, ...relative.split('/')));
  url.search = `?v=${encodeURIComponent(manifest.version)}-${randomBytes(4).toString('hex')}`;
  const loaded = (await import(url.href)) as { default?: unknown };
  if (typeof loaded.default !== 'function') {
    throw extensionError('SCRIPT_INVALID', `${manifest.name}: ${relative} (${name}) must export a function as default`);
  }
  return loaded.default as LifecycleScript;
}

export async function runLifecycleScript(
  script: LifecycleScript | null,
  context: LifecycleScriptContext,
): Promise<boolean> {
  if (!script) return false;
  await script(context);
  return true;
}
