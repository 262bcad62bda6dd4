import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostError } from '../../sdk/errors.js';

/** One host key: an id (kept in every sealed value) and 32 random bytes. */
export interface HostKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys a host can open with; `current` (the last one listed) is the one it seals with. */
export interface HostKeyRing {
  readonly keys: ReadonlyMap<string, Buffer>;
  readonly current: HostKey;
  /** `env` (CRM_HOST_KEY), or the key file's path. */
  readonly source: string;
  /** Set when the key file can be read by other users (mode not 0600): a warning for the log. */
  readonly looseMode?: string;
}

export const HOST_KEY_ENV = 'CRM_HOST_KEY';
export const HOST_KEY_FILE_ENV = 'CRM_HOST_KEY_FILE';
export const HOST_KEY_FILE_NAME = 'host.key';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const HEADER =
  '# crm-host key ring: one key per line, "<id>:<32 bytes base64url>"; the LAST line seals new values,\n' +
  '# every line opens old ones. Keep this file 0600 and back it up apart from the database.\n';

function invalid(source: string, message: string): HostError {
  return new HostError('ERR_HOST_KEY_INVALID', `Host key ring ${source}: ${message}`, { status: 500 });
}

/** Parses a key ring text (key file or `CRM_HOST_KEY`: lines, or entries separated by `;` or `,`). */
export function parseKeyRing(text: string, source: string): Omit<HostKeyRing, 'looseMode'> {
  const keys = new Map<string, Buffer>();
  let current: HostKey | undefined;
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(/[;,]/))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw invalid(source, `entry ${index + 1} is not "<id>:<key>"`);
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) throw invalid(source, `entry ${index + 1}: the key id must be 1-32 of A-Z a-z 0-9 _ -`);
    const key = Buffer.from(encoded, 'base64url');
    if (key.length !== 32 || key.toString('base64url') !== encoded.replace(/=+$/, '')) {
      throw invalid(source, `key "${id}" must be 32 bytes in base64url (43 characters)`);
    }
    if (keys.has(id)) throw invalid(source, `key id "${id}" is listed twice`);
    keys.set(id, key);
    current = { id, key };
  }
  if (!current) throw invalid(source, 'no key listed');
  return { keys, current, source };
}

/** A new key entry: a random id (`k` + 8 hex characters) and 32 random bytes. */
export function newKeyEntry(): string {
  return `k${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64url')}`;
}

export function keyFilePath(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[HOST_KEY_FILE_ENV] ? path.resolve(env[HOST_KEY_FILE_ENV]!) : path.join(root, HOST_KEY_FILE_NAME);
}

/**
 * The host's key ring: `CRM_HOST_KEY` when set, else the key file (`CRM_HOST_KEY_FILE`, else
 * `<root>/host.key`), created with mode 0600 when missing. Creation is atomic (write a temporary file, then
 * hard-link it into place), so processes starting together on one instance end up with the same key.
 */
export async function loadKeyRing(root: string, env: NodeJS.ProcessEnv = process.env): Promise<HostKeyRing> {
  const fromEnv = env[HOST_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseKeyRing(fromEnv, HOST_KEY_ENV);
  const file = keyFilePath(root, env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await createKeyFile(file, `${HEADER}${newKeyEntry()}\n`);
    text = await readFile(file, 'utf8');
  }
  const mode = (await stat(file)).mode & 0o777;
  const ring = parseKeyRing(text, file);
  return mode & 0o077 ? { ...ring, looseMode: `0${mode.toString(8)}` } : ring;
}

/** Creates the key file with `entries` when it does not exist yet (atomically); an existing file is kept. */
export async function ensureKeyFile(file: string, entries: readonly string[]): Promise<void> {
  if (await stat(file).catch(() => null)) return;
  await mkdir(path.dirname(file), { recursive: true });
  await createKeyFile(file, `${HEADER}${entries.join('\n')}\n`);
}

async function createKeyFile(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    await chmod(temp, 0o600); // whatever the umask
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process won the race
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Writes a new key file content atomically (temporary file 0600, then rename over the old one).
 * Used by `crm-host secrets rotate`.
 */
export async function writeKeyFile(file: string, entries: readonly string[]): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${HEADER}${entries.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

/** The entries of a key ring in file form (`<id>:<key>`), current last. */
export function keyEntries(ring: Pick<HostKeyRing, 'keys' | 'current'>): string[] {
  const entries = [...ring.keys]
    .filter(([id]) => id !== ring.current.id)
    .map(([id, key]) => `${id}:${key.toString('base64url')}`);
  entries.push(`${ring.current.id}:${ring.current.key.toString('base64url')}`);
  return entries;
}
