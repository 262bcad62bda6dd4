import { rm } from 'node:fs/promises';
import type { Logger } from '../../sdk/logger.js';
import { describeError } from './errors.js';
import { exists, moveDir } from './file-ops.js';
import { readJournal, recordFromJournal, removeJournal, type InstallJournal } from './install-journal.js';
import { managerWorkDirs, readInstalledManifest } from './installed-folders.js';
import { acquireManagerLock, processAlive } from './lock.js';
import type { ExtensionManagerDeps } from './manager-deps.js';
import { ExtensionRecords } from './records.js';

export type RecoveryDeps = Pick<
  ExtensionManagerDeps,
  'paths' | 'persistence' | 'importEntry' | 'appliedMigrations' | 'revertMigrations'
>;

/**
 * Puts back what the install described by `journal` changed, in the order of an in-process rollback:
 * migrations applied by it (with the `down` of the new version, whose files are still in place), the
 * Extension record, the folder (from the backup, or removed when there was none), then the staging folder.
 * A committed journal only needs its backup removed. Returns the problems (empty: everything put back).
 */
export async function rollbackFromJournal(deps: RecoveryDeps, journal: InstallJournal): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (label: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${label}: ${describeError(error)}`);
    }
  };
  const { name, extDir, backupDir } = journal;
  if (journal.committed) {
    await attempt('remove the backup', () => rm(backupDir, { recursive: true, force: true }));
    return problems;
  }
  await attempt('revert migrations applied by the install', async () => {
    const before = new Set(journal.migrationsBefore);
    const extra = (await deps.appliedMigrations(name)).filter((m) => !before.has(m));
    if (extra.length === 0) return;
    const manifest = await readInstalledManifest(extDir);
    if (!manifest) throw new Error(`${extDir} has no extension.json to take the migrations' down() from`);
    const entry = await deps.importEntry(extDir, manifest);
    await deps.revertMigrations(name, entry.migrations ?? [], extra);
  });
  await attempt('restore the Extension record', () =>
    new ExtensionRecords(deps.persistence).restore(name, recordFromJournal(journal.recordBefore)),
  );
  await attempt('restore the extension folder', async () => {
    if (await exists(backupDir)) {
      await rm(extDir, { recursive: true, force: true });
      await moveDir(backupDir, extDir);
    } else if (!journal.hadFolder) await rm(extDir, { recursive: true, force: true });
  });
  await attempt('remove the staging folder', () =>
    rm(managerWorkDirs(deps.paths.data).staging, { recursive: true, force: true }),
  );
  return problems;
}

/**
 * When `<data>` holds the journal of an install whose process is gone, rolls it back (taking over the
 * manager lock it left) and removes the journal; `open` gives the database access for that. Does nothing
 * while that install still runs. Returns a one-line report, or null when there was nothing to do.
 */
export async function recoverInterruptedInstall(
  dataDir: string,
  logger: Logger,
  open: () => Promise<{ deps: RecoveryDeps; close(): Promise<void> }>,
): Promise<string | null> {
  const journal = await readJournal(dataDir);
  if (!journal) return null;
  if (journal.pid === process.pid || processAlive(journal.pid, new Date(journal.startedAt))) return null;
  let release: () => Promise<void>;
  try {
    release = await acquireManagerLock(dataDir, (pid) =>
      logger.warn('Took over the extension manager lock of a process that no longer runs', { pid }),
    );
  } catch {
    return null; // another process holds the lock: it recovers, or its install is running
  }
  try {
    const again = await readJournal(dataDir);
    if (!again) return null;
    const { deps, close } = await open();
    let problems: string[];
    try {
      problems = await rollbackFromJournal(deps, again);
    } finally {
      await close();
    }
    await removeJournal(dataDir);
    const what = `${again.name} ${again.version} (process ${again.pid}, started ${again.startedAt})`;
    const report = again.committed
      ? `Finished the interrupted install of ${what}: it had completed; its backup was removed.`
      : problems.length === 0
        ? `Rolled back the interrupted install of ${what}: files, migrations and the Extension record are as before.`
        : `Rolled back the interrupted install of ${what}, but not completely: ${problems.join('; ')}`;
    if (problems.length === 0) logger.warn(report, { extension: again.name });
    else logger.error(report, { extension: again.name });
    return report;
  } finally {
    await release();
  }
}
