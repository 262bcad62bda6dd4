import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { HostError } from '../../sdk/errors.js';

/**
 * `<root>/instance.json`: what an instance needs before it can open its database, written by
 * `crm-host init` (mode 0600: the database URL may carry a password). Settings live in the database.
 */
export interface InstanceConfig {
  /** The database URL (`libsql:<file>`, `mysql://...`); env DATABASE_URL overrides it. */
  readonly databaseUrl?: string;
}

export const INSTANCE_CONFIG_FILE = 'instance.json';

export function instanceConfigPath(root: string): string {
  return path.join(path.resolve(root), INSTANCE_CONFIG_FILE);
}

function invalid(file: string, why: string): HostError {
  return new HostError('ERR_INSTANCE_CONFIG_INVALID', `${file} is invalid: ${why}`, {
    status: 500,
    i18nKey: 'Global.messages.instanceConfigInvalid',
  });
}

/** The instance config, or `{}` when the instance has none (an instance made before `init` existed). */
export async function readInstanceConfig(root: string): Promise<InstanceConfig> {
  const file = instanceConfigPath(root);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(file, 'not a JSON object');
  const { databaseUrl } = parsed as Record<string, unknown>;
  if (databaseUrl !== undefined && (typeof databaseUrl !== 'string' || databaseUrl.trim() === ''))
    throw invalid(file, '"databaseUrl" must be a non-empty string');
  return databaseUrl === undefined ? {} : { databaseUrl };
}

/** Writes the instance config with mode 0600 (atomically: temporary file, then rename). */
export async function writeInstanceConfig(root: string, config: InstanceConfig): Promise<void> {
  const file = instanceConfigPath(root);
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(config, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
