import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InstancePaths } from '../../sdk/instance.js';

/** The folders of an instance at `root` (made absolute); creates `data`, `custom` and `extensions`. */
export function instancePaths(root: string): InstancePaths {
  const abs = resolve(root);
  const paths: InstancePaths = {
    root: abs,
    data: join(abs, 'data'),
    custom: join(abs, 'custom'),
    extensions: join(abs, 'extensions'),
  };
  for (const dir of [paths.data, paths.custom, paths.extensions]) mkdirSync(dir, { recursive: true });
  return Object.freeze(paths);
}

/** `<data>/cache`: merged metadata and i18n. */
export function cacheDir(paths: InstancePaths): string {
  return join(paths.data, 'cache');
}
