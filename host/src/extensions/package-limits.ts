import path from 'node:path';
import { extensionError } from './errors.js';

export interface PackageLimits {
  /** Most files and folders a package may hold (default 5,000). */
  maxEntries: number;
  /** Most bytes the files may add up to, uncompressed (default 100 MB). */
  maxBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = { maxEntries: 5000, maxBytes: 100 * 1024 * 1024 };

/**
 * Most bytes of a package `.zip` uploaded through the admin UI (16 MB, the largest body a host route may
 * accept); the uncompressed limits above still apply when it is read.
 */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

/**
 * Checks one path inside a package and returns it normalized (forward slashes, no trailing slash).
 * Refuses absolute paths, drive letters, backslashes, `..` segments and empty or NUL-containing names.
 */
export function safeEntryPath(name: string, source: string): string {
  const fail = (why: string) =>
    extensionError('PACKAGE_UNSAFE', `${source}: refused entry "${name.slice(0, 200)}": ${why}`);
  if (name.length === 0 || name.includes('\0')) throw fail('empty or invalid name');
  if (name.includes('\\')) throw fail('backslash in path');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw fail('absolute path');
  const trimmed = name.replace(/\/+$/, '');
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '..')) throw fail('path leaves the package (..)');
  if (segments.some((s) => s === '' || s === '.')) throw fail('empty or "." path segment');
  const normalized = path.posix.normalize(trimmed);
  if (normalized.startsWith('..') || path.posix.isAbsolute(normalized)) throw fail('path leaves the package');
  return normalized;
}

/** Counts entries and bytes and throws ERR_EXTENSION_PACKAGE_TOO_LARGE past a limit. */
export class LimitCounter {
  private entries = 0;
  private bytes = 0;

  constructor(
    private readonly limits: PackageLimits,
    private readonly source: string,
  ) {}

  addEntry(): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw extensionError('PACKAGE_TOO_LARGE', `${this.source}: more than ${this.limits.maxEntries} entries`);
    }
  }

  addBytes(count: number): void {
    this.bytes += count;
    if (this.bytes > this.limits.maxBytes) {
      throw extensionError('PACKAGE_TOO_LARGE', `${this.source}: more than ${this.limits.maxBytes} bytes uncompressed`);
    }
  }
}
