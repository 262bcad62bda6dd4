import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export async function exists(target: string): Promise<boolean> {
  return (await stat(target).catch(() => null)) !== null;
}

/** Moves a folder; falls back to copy + remove across file systems. */
export async function moveDir(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, errorOnExist: true, force: false });
    await rm(from, { recursive: true, force: true });
  }
}

/** Copies the listed files (relative, forward slashes) from one folder into a new one. */
export async function copyFiles(fromDir: string, files: readonly string[], toDir: string): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const file of files) {
    const parts = file.split('/');
    const target = path.join(toDir, ...parts);
    await mkdir(path.dirname(target), { recursive: true });
    await cp(path.join(fromDir, ...parts), target, { errorOnExist: true, force: false });
  }
}
