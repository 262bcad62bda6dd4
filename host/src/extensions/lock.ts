import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { extensionError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<data>/extension-manager.lock` so that two installs cannot interleave on one instance.
 * A lock left by a process that no longer runs is taken over.
 */
export async function acquireManagerLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'extension-manager.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || alive(owner))) {
        throw extensionError('BUSY', `Another extension install or uninstall is running (process ${owner})`);
      }
      await rm(file, { force: true });
    }
  }
  throw extensionError('BUSY', 'Could not take the extension manager lock');
}
