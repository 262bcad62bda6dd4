import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extensionError } from './errors.js';

/** Whether a process with this id runs (EPERM: it runs under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || processAlive(owner))) {
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
