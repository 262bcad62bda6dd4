import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { HostError } from '../../sdk/errors.js';
import { extensionError } from './errors.js';
import { LimitCounter, safeEntryPath, type PackageLimits } from './package-limits.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Extracts a zip into `destDir` (which must be empty or absent) and returns the relative file paths.
 * Refuses unsafe names (zip-slip, absolute), symlinks, encrypted entries and packages past the limits,
 * checking the declared sizes up front (yauzl checks that the inflated bytes match them).
 */
export async function extractZip(zipPath: string, destDir: string, limits: PackageLimits): Promise<string[]> {
  const source = path.basename(zipPath);
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings:false so that we apply our own path rules (yauzl would otherwise rewrite backslashes).
    zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw extensionError('PACKAGE_INVALID', `${source} is not a readable zip file: ${(error as Error).message}`, error);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw extensionError('PACKAGE_TOO_LARGE', `${source}: more than ${limits.maxEntries} entries`);
    }
    const counter = new LimitCounter(limits, source);
    const files: string[] = [];
    await mkdir(destDir, { recursive: true });
    for await (const entry of iterateEntries(zip)) {
      counter.addEntry();
      const rawName = (entry.fileNameRaw as Buffer).toString('utf8');
      const name = safeEntryPath(rawName, source);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) {
        throw extensionError('PACKAGE_UNSAFE', `${source}: refused entry "${name}": symbolic link`);
      }
      if (entry.isEncrypted()) throw extensionError('PACKAGE_UNSAFE', `${source}: refused entry "${name}": encrypted`);
      const target = path.join(destDir, ...name.split('/'));
      if (rawName.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      counter.addBytes(entry.uncompressedSize);
      await mkdir(path.dirname(target), { recursive: true });
      const stream = await openEntry(zip, entry);
      // validateEntrySizes makes yauzl fail when the inflated bytes differ from the declared size.
      await pipeline(stream, createWriteStream(target, { flags: 'wx' }));
      files.push(name);
    }
    return files.sort();
  } catch (error) {
    if (HostError.is(error)) throw error;
    throw extensionError('PACKAGE_INVALID', `${source} could not be extracted: ${(error as Error).message}`, error);
  } finally {
    zip.close();
  }
}

async function* iterateEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  let done = false;
  let failure: Error | null = null;
  let pending: ((entry: yauzl.Entry | null) => void) | null = null;
  const queue: Array<yauzl.Entry | null> = [];
  const push = (entry: yauzl.Entry | null) => {
    if (pending) {
      const resolve = pending;
      pending = null;
      resolve(entry);
    } else queue.push(entry);
  };
  zip.on('entry', (entry: yauzl.Entry) => push(entry));
  zip.on('end', () => push(null));
  zip.on('error', (error: Error) => {
    failure = error;
    push(null);
  });
  while (!done) {
    zip.readEntry();
    const next = queue.length > 0 ? queue.shift()! : await new Promise<yauzl.Entry | null>((r) => (pending = r));
    if (failure) throw failure;
    if (next === null) done = true;
    else yield next;
  }
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)));
  });
}
