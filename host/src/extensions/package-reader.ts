import { randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { extensionError } from './errors.js';
import { manifestEntry, parseManifest, type ExtensionManifest } from './manifest.js';
import { scanPackageFolder } from './folder-scan.js';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from './package-limits.js';
import { extractZip } from './zip-extract.js';

/** A package ready to install: its files sit in `dir` (the folder itself, or a zip's extraction). */
export interface ExtensionPackage {
  readonly source: string;
  readonly dir: string;
  /** The parsed JSON of extension.json, not validated yet: see `validatePackageManifest`. */
  readonly rawManifest: unknown;
  /** Files relative to `dir`, forward slashes, sorted. */
  readonly files: readonly string[];
  /** Removes the extraction folder of a zip (a source folder is left alone). */
  dispose(): Promise<void>;
}

export interface ReadPackageOptions {
  /** Where a zip is extracted (a fresh sub-folder is made inside it). */
  stagingRoot: string;
  limits?: PackageLimits;
}

/**
 * Reads a package from a `.zip` file or a folder: checks paths and limits, and that extension.json is
 * at the root and is JSON. `validatePackageManifest` then checks its content.
 */
export async function readPackage(sourcePath: string, options: ReadPackageOptions): Promise<ExtensionPackage> {
  const source = path.resolve(sourcePath);
  const limits = options.limits ?? DEFAULT_PACKAGE_LIMITS;
  const info = await stat(source).catch(() => null);
  if (!info) throw extensionError('PACKAGE_NOT_FOUND', `No such file or folder: ${sourcePath}`);

  let dir: string;
  let files: string[];
  let dispose = async (): Promise<void> => {};
  if (info.isDirectory()) {
    dir = source;
    files = await scanPackageFolder(dir, limits);
  } else if (info.isFile()) {
    dir = path.join(options.stagingRoot, `package-${Date.now()}-${randomBytes(4).toString('hex')}`);
    dispose = () => rm(dir, { recursive: true, force: true });
    try {
      files = await extractZip(source, dir, limits);
    } catch (error) {
      await dispose();
      throw error;
    }
  } else {
    throw extensionError('PACKAGE_NOT_FOUND', `${sourcePath} is neither a .zip file nor a folder`);
  }

  try {
    const rawManifest = await readManifestJson(dir, files, path.basename(source));
    return { source, dir, rawManifest, files, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function readManifestJson(dir: string, files: readonly string[], source: string): Promise<unknown> {
  if (!files.includes('extension.json')) {
    const nested = files.find((f) => f.endsWith('/extension.json'));
    const hint = nested ? ` (found "${nested}": extension.json must be at the root of the package)` : '';
    throw extensionError('PACKAGE_INVALID', `${source} has no extension.json at its root${hint}`);
  }
  try {
    return JSON.parse(await readFile(path.join(dir, 'extension.json'), 'utf8'));
  } catch (error) {
    throw extensionError('PACKAGE_INVALID', `${source}: extension.json is not valid JSON: ${(error as Error).message}`);
  }
}

/** Validates extension.json (schema, semver) and that the entry and scripts it names are in the package. */
export function validatePackageManifest(pkg: ExtensionPackage): ExtensionManifest {
  const source = path.basename(pkg.source);
  const manifest = parseManifest(pkg.rawManifest, `${source}: extension.json`);
  const files = pkg.files;
  const missing = [manifestEntry(manifest), ...Object.values(manifest.scripts ?? {})].filter(
    (file): file is string => typeof file === 'string' && !files.includes(file),
  );
  if (missing.length > 0) {
    throw extensionError(
      'PACKAGE_INVALID',
      `${source}: extension.json names files the package lacks: ${missing.join(', ')}`,
    );
  }
  return manifest;
}
