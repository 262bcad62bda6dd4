import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extensionError } from './errors.js';

/** Packages uploaded through the admin UI wait here (inside the instance's data folder, never the web root). */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'extension-uploads');
}

/** An upload not installed within this time is removed by the next upload. */
export const UPLOAD_MAX_AGE_MS = 60 * 60 * 1000;

const UPLOAD_ID = /^[a-f0-9]{32}$/;

/** The file name shown in messages: the browser's name reduced to safe characters, ending in `.zip`. */
export function safeUploadName(name: string | undefined): string {
  const base = path.posix.basename((name ?? '').replace(/\\/g, '/')).replace(/[^A-Za-z0-9._-]/g, '_');
  const trimmed = base.replace(/^[._]+/, '').slice(0, 120);
  if (trimmed === '') return 'package.zip';
  return trimmed.toLowerCase().endsWith('.zip') ? trimmed : `${trimmed}.zip`;
}

/** Stores an uploaded package (mode 0600) in `<data>/tmp/extension-uploads/<id>/<name>`; returns its id and path. */
export async function storeUpload(
  dataDir: string,
  body: Buffer,
  name: string | undefined,
): Promise<{ id: string; file: string }> {
  const id = randomBytes(16).toString('hex');
  const dir = path.join(uploadsDir(dataDir), id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, safeUploadName(name));
  await writeFile(file, body, { mode: 0o600 });
  return { id, file };
}

/** The stored package of `id`; throws ERR_EXTENSION_UPLOAD_NOT_FOUND when there is none. */
export async function findUpload(dataDir: string, id: unknown): Promise<string> {
  if (typeof id !== 'string' || !UPLOAD_ID.test(id)) {
    throw extensionError('UPLOAD_NOT_FOUND', 'No such uploaded package (give the uploadId of the upload answer)');
  }
  const dir = path.join(uploadsDir(dataDir), id);
  const files = await readdir(dir).catch(() => []);
  if (files.length !== 1) {
    throw extensionError('UPLOAD_NOT_FOUND', 'The uploaded package is gone (installed, cancelled or expired)');
  }
  return path.join(dir, files[0]!);
}

/** Removes the stored package of `id` (nothing when it is already gone). */
export async function removeUpload(dataDir: string, id: string): Promise<void> {
  if (UPLOAD_ID.test(id)) await rm(path.join(uploadsDir(dataDir), id), { recursive: true, force: true });
}

/** Removes uploads older than `maxAgeMs` (abandoned previews). */
export async function sweepUploads(dataDir: string, now = Date.now(), maxAgeMs = UPLOAD_MAX_AGE_MS): Promise<void> {
  const root = uploadsDir(dataDir);
  for (const id of await readdir(root).catch(() => [] as string[])) {
    const info = await stat(path.join(root, id)).catch(() => null);
    if (info && now - info.mtimeMs > maxAgeMs) await rm(path.join(root, id), { recursive: true, force: true });
  }
}
