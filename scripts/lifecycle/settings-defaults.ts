import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigService, ConfigValue } from 'crm-host/sdk';

/** Settings fields of the extension (metadata `entityDefs.Settings.fields`) that belong to it. */
export const OWN_SETTING_PREFIX = 'oidc';

interface FieldDef {
  default?: ConfigValue;
}

/**
 * The defaults this extension declares for its own settings, read from its installed metadata file
 * `metadata/entityDefs/Settings.json` (`fields.<key>.default`). A missing file or a file without
 * defaults gives `{}`: the metadata may not declare any yet.
 */
export async function readOwnSettingDefaults(extensionDir: string): Promise<Record<string, ConfigValue>> {
  const file = path.join(extensionDir, 'metadata', 'entityDefs', 'Settings.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = JSON.parse(text) as { fields?: Record<string, FieldDef | null> };
  const defaults: Record<string, ConfigValue> = {};
  for (const [key, def] of Object.entries(parsed.fields ?? {})) {
    if (!key.startsWith(OWN_SETTING_PREFIX) || def === null || typeof def !== 'object') continue;
    if (def.default !== undefined) defaults[key] = def.default;
  }
  return defaults;
}

/** Writes the defaults whose key has no value yet; returns the keys written (sorted). Idempotent. */
export async function applyMissingDefaults(
  config: ConfigService,
  defaults: Record<string, ConfigValue>,
): Promise<string[]> {
  const missing = Object.keys(defaults)
    .filter((key) => !config.has(key))
    .sort();
  if (missing.length > 0) await config.set(Object.fromEntries(missing.map((key) => [key, defaults[key]!])));
  return missing;
}
