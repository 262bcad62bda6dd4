import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { extensionError } from './errors.js';
import { LimitCounter, type PackageLimits } from './package-limits.js';

/**
 * Lists the files of a package folder (relative, forward slashes, sorted). Refuses symlinks and
 * anything but regular files and folders, and stops at the entry and size limits.
 */
export async function scanPackageFolder(dir: string, limits: PackageLimits): Promise<string[]> {
  const source = path.basename(dir);
  const counter = new LimitCounter(limits, source);
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      counter.addEntry();
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const stat = await lstat(path.join(dir, rel));
      if (stat.isSymbolicLink()) {
        throw extensionError('PACKAGE_UNSAFE', `${source}: refused entry "${rel}": symbolic link`);
      }
      if (stat.isDirectory()) await walk(rel);
      else if (stat.isFile()) {
        counter.addBytes(stat.size);
        files.push(rel);
      } else throw extensionError('PACKAGE_UNSAFE', `${source}: refused entry "${rel}": not a regular file`);
    }
  };
  await walk('');
  return files.sort();
}
