import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { collectTree, newestMtime, type PackageFile } from './collect.js';

export interface BuildPackageOptions {
  /** Repository root: holds package.json, extension.json, dist/, metadata/, i18n/, client/. */
  readonly repoRoot: string;
  /** Output folder (default `<repoRoot>/build`). */
  readonly outDir?: string;
  /** Release date written into extension.json (default today, UTC). */
  readonly now?: Date;
  readonly log?: (line: string) => void;
}

export interface BuiltPackage {
  readonly version: string;
  readonly zipPath: string;
  readonly folder: string;
  readonly files: readonly string[];
}

interface Manifest {
  name: string;
  version: string;
  entry?: string;
  scripts?: Record<string, string>;
  [key: string]: unknown;
}

const isJs = (name: string) => name.endsWith('.js');

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** The files that go into the package, and the manifest to write (without releaseDate). */
export async function planPackage(repoRoot: string): Promise<{ manifest: Manifest; files: PackageFile[] }> {
  const pkg = await readJson<{ version: string }>(path.join(repoRoot, 'package.json'));
  const manifest = await readJson<Manifest>(path.join(repoRoot, 'extension.json'));
  if (manifest.version !== pkg.version) {
    throw new Error(
      `extension.json version ${manifest.version} differs from package.json version ${pkg.version}; make them equal`,
    );
  }
  const dist = path.join(repoRoot, 'dist');
  const scriptFiles = Object.values(manifest.scripts ?? {}).map((rel) => ({ from: path.join(dist, rel), to: rel }));
  const files = [
    ...(await collectTree(path.join(dist, 'src'), 'src', isJs)),
    ...scriptFiles,
    // Helpers the lifecycle scripts import; the packager itself (scripts/package.js, packaging/) stays out.
    ...(await collectTree(path.join(dist, 'scripts', 'lifecycle'), 'scripts/lifecycle', isJs)),
    ...(await collectTree(path.join(repoRoot, 'metadata'), 'metadata', (n) => n.endsWith('.json'))),
    ...(await collectTree(path.join(repoRoot, 'i18n'), 'i18n', (n) => n.endsWith('.json'))),
    ...(await collectTree(path.join(repoRoot, 'client'), 'client')),
  ];
  const entry = manifest.entry ?? 'src/index.js';
  const missing = [entry, ...scriptFiles.map((f) => f.to)].filter((rel) => !files.some((f) => f.to === rel));
  for (const file of files) {
    if (!(await stat(file.from).catch(() => null))) missing.push(file.to);
  }
  if (missing.length > 0)
    throw new Error(`missing from the build: ${[...new Set(missing)].join(', ')} (run npx tsc -b first)`);
  return { manifest, files };
}

/** Whether `build/oidc-auth-<version>.zip` is missing or older than any file it is made from. */
export async function isPackageStale(repoRoot: string, outDir = path.join(repoRoot, 'build')): Promise<boolean> {
  const { manifest, files } = await planPackage(repoRoot);
  const zip = await stat(path.join(outDir, `${manifest.name}-${manifest.version}.zip`)).catch(() => null);
  if (!zip) return true;
  const sources = [
    ...files.map((f) => f.from),
    path.join(repoRoot, 'extension.json'),
    path.join(repoRoot, 'package.json'),
  ];
  return (await newestMtime(sources)) > zip.mtimeMs;
}

/**
 * Builds `build/<name>-<version>.zip` and the unpacked `build/<name>-<version>/` from the tsc output,
 * metadata/, i18n/, client/ and extension.json (with `releaseDate`). Writes to temporary names first,
 * so a failed build never leaves a half-written package under the final name.
 */
export async function buildPackage(options: BuildPackageOptions): Promise<BuiltPackage> {
  const log = options.log ?? (() => {});
  const outDir = options.outDir ?? path.join(options.repoRoot, 'build');
  const now = options.now ?? new Date();
  log('Checking versions and collecting files');
  const { manifest, files } = await planPackage(options.repoRoot);
  const base = `${manifest.name}-${manifest.version}`;
  const released = { ...manifest, releaseDate: now.toISOString().slice(0, 10) };
  const manifestText = `${JSON.stringify(released, null, 2)}\n`;
  log(`Packaging ${manifest.name} ${manifest.version}: ${files.length + 1} files`);

  await mkdir(outDir, { recursive: true });
  const folder = path.join(outDir, base);
  const tmpFolder = `${folder}.tmp`;
  const zipPath = path.join(outDir, `${base}.zip`);
  const tmpZip = `${zipPath}.tmp`;
  await rm(tmpFolder, { recursive: true, force: true });

  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(tmpZip));
  zip.addBuffer(Buffer.from(manifestText), 'extension.json', { mtime: now, mode: 0o100644 });
  await mkdir(tmpFolder, { recursive: true });
  await writeFile(path.join(tmpFolder, 'extension.json'), manifestText);
  for (const file of files) {
    zip.addBuffer(await readFile(file.from), file.to, { mtime: now, mode: 0o100644 });
    const target = path.join(tmpFolder, ...file.to.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file.from, target);
  }
  zip.end();
  await written;

  await rm(folder, { recursive: true, force: true });
  await rename(tmpFolder, folder);
  await rename(tmpZip, zipPath);
  log(`Wrote ${path.relative(options.repoRoot, zipPath)} (${(await stat(zipPath)).size} bytes)`);
  log(`Wrote ${path.relative(options.repoRoot, folder)}/`);
  return { version: manifest.version, zipPath, folder, files: ['extension.json', ...files.map((f) => f.to)].sort() };
}
