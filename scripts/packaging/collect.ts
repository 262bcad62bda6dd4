import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** One file of the package: where it comes from and its path inside the package. */
export interface PackageFile {
  readonly from: string;
  readonly to: string;
}

/** Files under `dir` (recursive, sorted) whose name passes `keep`, mapped under `prefix`. */
export async function collectTree(
  dir: string,
  prefix: string,
  keep: (name: string) => boolean = () => true,
): Promise<PackageFile[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) return [];
  const out: PackageFile[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile() && keep(entry.name)) out.push({ from: path.join(dir, rel), to: `${prefix}/${rel}` });
    }
  };
  await walk('');
  return out.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

/** Newest modification time (ms) among the files, 0 when there are none. */
export async function newestMtime(files: readonly string[]): Promise<number> {
  let newest = 0;
  for (const file of files) {
    const info = await stat(file).catch(() => null);
    if (info && info.mtimeMs > newest) newest = info.mtimeMs;
  }
  return newest;
}
