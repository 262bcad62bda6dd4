import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { InstancePaths } from '../../sdk/instance.js';
import type { ResourceLayer } from './layers.js';

/** `host/resources`: the core metadata and i18n (works from `host/src` and from `host/dist/src`). */
export function coreResourcesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const hostDir = here.includes('/dist/') ? join(here, '..', '..', '..') : join(here, '..', '..');
  return join(hostDir, 'resources');
}

/** The layers in merge order: core < extensions (in the given order) < custom/. */
export function resourceLayers(
  paths: InstancePaths,
  extensions: readonly { name: string; dir: string }[],
): ResourceLayer[] {
  return [
    { name: 'core', dir: coreResourcesDir() },
    ...extensions.map((e) => ({ name: `extension:${e.name}`, dir: e.dir })),
    { name: 'custom', dir: paths.custom },
  ];
}
