import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../sdk/logger.js';
import { isPlainObject, type JsonObject } from './merge.js';

/** One source of metadata and i18n files: the host core, an extension, or custom/. */
export interface ResourceLayer {
  /** e.g. `core`, `extension:oidc-auth`, `custom`. */
  readonly name: string;
  /** The folder holding `metadata/` and `i18n/`. */
  readonly dir: string;
}

/** A resource file that was skipped, remembered in the cache so that every boot reports it. */
export interface ResourceProblem {
  file: string;
  layer: string;
  error: string;
}

export interface LayerContent {
  /** `area -> Name -> content`. */
  metadata: JsonObject;
  /** `lang -> Scope -> content`. */
  i18n: Record<string, JsonObject>;
  problems: ResourceProblem[];
}

const NAME = /^[A-Za-z0-9_-]+$/;
const LANG = /^[a-z]{2,3}(_[A-Z]{2})?$/;

async function listDir(dir: string, kind: 'dir' | 'json'): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return [];
    throw error;
  }
  const names = entries
    .filter((e) => (kind === 'dir' ? e.isDirectory() : e.isFile() && e.name.endsWith('.json')))
    .map((e) => (kind === 'dir' ? e.name : e.name.slice(0, -'.json'.length)))
    .filter((n) => NAME.test(n));
  return names.sort();
}

export function reportProblem(problem: ResourceProblem, logger: Logger): void {
  logger.error('Resource file skipped', { ...problem });
}

async function readJsonObject(
  file: string,
  layer: ResourceLayer,
  logger: Logger,
  problems: ResourceProblem[],
): Promise<JsonObject | null> {
  let problem: ResourceProblem;
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (isPlainObject(parsed)) return parsed;
    problem = { file, layer: layer.name, error: 'the top level must be a JSON object' };
  } catch (error) {
    problem = { file, layer: layer.name, error: `invalid JSON: ${(error as Error).message}` };
  }
  problems.push(problem);
  reportProblem(problem, logger);
  return null;
}

/** Reads every `metadata/<area>/<Name>.json` and `i18n/<lang>/<Scope>.json` of a layer. */
export async function readLayer(layer: ResourceLayer, logger: Logger): Promise<LayerContent> {
  const content: LayerContent = { metadata: {}, i18n: {}, problems: [] };
  const metaRoot = join(layer.dir, 'metadata');
  for (const area of await listDir(metaRoot, 'dir')) {
    const entries: JsonObject = {};
    for (const name of await listDir(join(metaRoot, area), 'json')) {
      const value = await readJsonObject(join(metaRoot, area, `${name}.json`), layer, logger, content.problems);
      if (value) entries[name] = value;
    }
    if (Object.keys(entries).length > 0) content.metadata[area] = entries;
  }
  const i18nRoot = join(layer.dir, 'i18n');
  for (const lang of await listDir(i18nRoot, 'dir')) {
    if (!LANG.test(lang)) {
      logger.warn('i18n folder skipped: not a language code like en_US', {
        dir: join(i18nRoot, lang),
        layer: layer.name,
      });
      continue;
    }
    const scopes: JsonObject = {};
    for (const scope of await listDir(join(i18nRoot, lang), 'json')) {
      const value = await readJsonObject(join(i18nRoot, lang, `${scope}.json`), layer, logger, content.problems);
      if (value) scopes[scope] = value;
    }
    if (Object.keys(scopes).length > 0) content.i18n[lang] = scopes;
  }
  return content;
}

/**
 * A cheap fingerprint of every resource file of the layers (path, size, mtime): the merged cache is fresh
 * while it is unchanged.
 */
export async function fingerprintLayers(layers: readonly ResourceLayer[]): Promise<string> {
  const parts: string[] = [];
  for (const layer of layers) {
    parts.push(`#${layer.name}:${layer.dir}`);
    for (const kind of ['metadata', 'i18n']) {
      const root = join(layer.dir, kind);
      for (const sub of await listDir(root, 'dir')) {
        let files: string[];
        try {
          files = (await readdir(join(root, sub))).filter((f) => f.endsWith('.json')).sort();
        } catch {
          continue;
        }
        for (const file of files) {
          const path = join(root, sub, file);
          try {
            const s = await stat(path);
            parts.push(`${kind}/${sub}/${file}:${s.size}:${s.mtimeMs}`);
          } catch {
            parts.push(`${kind}/${sub}/${file}:gone`);
          }
        }
      }
    }
  }
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
