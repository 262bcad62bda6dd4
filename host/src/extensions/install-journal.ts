import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ExtensionRecordData } from './records.js';

/**
 * What an install is about to change, written to `<data>/extension-install.journal.json` before its first
 * change: enough for a later process to put everything back when this one dies (SIGKILL, power loss).
 */
export interface InstallJournal {
  readonly format: 1;
  readonly pid: number;
  readonly name: string;
  readonly version: string;
  readonly startedAt: string;
  /** The extension's folder under extensions/ (absolute). */
  readonly extDir: string;
  /** Whether that folder existed before (then it is moved to `backupDir` before the copy). */
  readonly hadFolder: boolean;
  readonly backupDir: string;
  /** The Extension record before the install (dates as ISO strings), or null when there was none. */
  readonly recordBefore: (Omit<ExtensionRecordData, 'installedAt'> & { installedAt: string }) | null;
  /** Names of the extension's migrations applied before the install. */
  readonly migrationsBefore: readonly string[];
  /** True once the install is complete: only the backup and the journal remain to be removed. */
  readonly committed: boolean;
}

export function journalPath(dataDir: string): string {
  return path.join(dataDir, 'extension-install.journal.json');
}

/** Writes the journal atomically (temporary file, fsync, rename): a reader sees the old or the new one. */
export async function writeJournal(dataDir: string, journal: InstallJournal): Promise<void> {
  const file = journalPath(dataDir);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(journal, null, 2));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

/** The journal of an install that did not finish, or null. An unreadable journal is reported, not ignored. */
export async function readJournal(dataDir: string): Promise<InstallJournal | null> {
  const text = await readFile(journalPath(dataDir), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  const journal = JSON.parse(text) as InstallJournal;
  if (journal.format !== 1 || typeof journal.name !== 'string' || typeof journal.extDir !== 'string')
    throw new Error(`${journalPath(dataDir)} is not an install journal this host understands`);
  return journal;
}

export async function removeJournal(dataDir: string): Promise<void> {
  await rm(journalPath(dataDir), { force: true });
}

export function recordToJournal(record: ExtensionRecordData | null): InstallJournal['recordBefore'] {
  return record ? { ...record, files: [...record.files], installedAt: record.installedAt.toISOString() } : null;
}

export function recordFromJournal(record: InstallJournal['recordBefore']): ExtensionRecordData | null {
  return record ? { ...record, files: [...record.files], installedAt: new Date(record.installedAt) } : null;
}
