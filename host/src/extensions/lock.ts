import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extensionError } from './errors.js';

/** When the process `pid` started (Linux /proc; clock ticks assumed 100 per second), or null when unknown. */
function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? (boot + ticks / 100) * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Whether a process with this id runs (EPERM: it runs under another user). With `since` (when the owner
 * wrote its file), a process that started clearly after that is another one that reuses the id (after a
 * reboot): the owner is gone.
 */
export function processAlive(pid: number, since?: Date): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = since ? processStartTime(pid) : null;
  return !(started !== null && since && started > since.getTime() + 2000);
}

/**
 * Takes `<data>/extension-manager.lock` so that two installs cannot interleave on one instance.
 * A lock left by a process that no longer runs is taken over (`onStale` is told its process id).
 */
export async function acquireManagerLock(
  dataDir: string,
  onStale: (pid: number) => void = () => {},
): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'extension-manager.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    // The pid is written to a private file first and hard-linked into place: the lock appears
    // atomically with its content, so a competitor never reads an empty lock file.
    const mine = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    await writeFile(mine, String(process.pid));
    try {
      await link(mine, file);
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      const written = (await stat(file).catch(() => null))?.mtime;
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || processAlive(owner, written))) {
        throw extensionError(
          'BUSY',
          `Another extension install or uninstall is running (process ${owner}; lock file ${file})`,
        );
      }
      if (Number.isInteger(owner)) onStale(owner);
      await rm(file, { force: true });
    } finally {
      await rm(mine, { force: true });
    }
  }
  throw extensionError('BUSY', 'Could not take the extension manager lock');
}

/** The process id holding the manager lock when that process still runs, else null (no lock, or a stale one). */
export async function liveLockOwner(dataDir: string): Promise<number | null> {
  const file = path.join(dataDir, 'extension-manager.lock');
  const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  const written = (await stat(file).catch(() => null))?.mtime;
  return Number.isInteger(owner) && owner > 0 && processAlive(owner, written) ? owner : null;
}
