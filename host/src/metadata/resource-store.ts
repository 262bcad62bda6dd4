import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../sdk/logger.js';
import { fingerprintLayers, readLayer, reportProblem, type ResourceLayer, type ResourceProblem } from './layers.js';
import { deepFreeze, fillMissing, isPlainObject, mergeLayers, type JsonObject } from './merge.js';
import { DEFAULT_LANGUAGE, MergedI18n, MergedMetadata } from './metadata-service.js';

interface CacheIndex {
  fingerprint: string;
  languages: string[];
  problems?: ResourceProblem[];
}

export interface MergedResources {
  metadata: JsonObject;
  i18n: Record<string, JsonObject>;
  /** Files skipped because of bad JSON. */
  problems: ResourceProblem[];
}

/** Merges the layers in order (later wins) and fills every language from en_US. */
export async function mergeResources(layers: readonly ResourceLayer[], logger: Logger): Promise<MergedResources> {
  let metadata: unknown = {};
  const raw: Record<string, unknown> = {};
  const problems: ResourceProblem[] = [];
  for (const layer of layers) {
    const content = await readLayer(layer, logger);
    problems.push(...content.problems);
    metadata = mergeLayers(metadata, content.metadata);
    for (const [lang, scopes] of Object.entries(content.i18n)) raw[lang] = mergeLayers(raw[lang] ?? {}, scopes);
  }
  const base = (raw[DEFAULT_LANGUAGE] ?? {}) as JsonObject;
  const i18n: Record<string, JsonObject> = { [DEFAULT_LANGUAGE]: base };
  for (const [lang, tree] of Object.entries(raw)) {
    if (lang !== DEFAULT_LANGUAGE) i18n[lang] = fillMissing(tree, base) as JsonObject;
  }
  return { metadata: metadata as JsonObject, i18n, problems };
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

/**
 * Owns the merged metadata and i18n of a host: reads the cache in `<data>/cache` when its fingerprint
 * matches the layer files, otherwise merges the layers and rewrites the cache.
 */
export class ResourceStore {
  readonly metadata = new MergedMetadata({});
  readonly i18n = new MergedI18n({});
  private layers: readonly ResourceLayer[];

  constructor(
    layers: readonly ResourceLayer[],
    private readonly cacheDir: string,
    private readonly logger: Logger,
  ) {
    this.layers = layers;
  }

  setLayers(layers: readonly ResourceLayer[]): void {
    this.layers = layers;
  }

  /** Loads from the cache when fresh, else rebuilds. Returns where the data came from. */
  async load(): Promise<'cache' | 'rebuilt'> {
    const fingerprint = await fingerprintLayers(this.layers);
    const cached = await this.readCache(fingerprint);
    if (cached) {
      for (const problem of cached.problems) reportProblem(problem, this.logger);
      this.apply(cached);
      return 'cache';
    }
    await this.rebuild(fingerprint);
    return 'rebuilt';
  }

  /** Re-reads every layer and rewrites the cache. */
  async rebuild(fingerprint?: string): Promise<void> {
    const fp = fingerprint ?? (await fingerprintLayers(this.layers));
    const merged = await mergeResources(this.layers, this.logger);
    this.apply(merged);
    try {
      await this.writeCache(fp, merged);
    } catch (error) {
      this.logger.warn('Could not write the metadata cache', { dir: this.cacheDir, error: (error as Error).message });
    }
  }

  private apply(merged: MergedResources): void {
    this.metadata.replace(deepFreeze(merged.metadata));
    this.i18n.replace(deepFreeze(merged.i18n));
  }

  private async readCache(fingerprint: string): Promise<MergedResources | null> {
    try {
      const index = JSON.parse(await readFile(join(this.cacheDir, 'index.json'), 'utf8')) as CacheIndex;
      if (index.fingerprint !== fingerprint || !Array.isArray(index.languages)) return null;
      const metadata: unknown = JSON.parse(await readFile(join(this.cacheDir, 'metadata.json'), 'utf8'));
      if (!isPlainObject(metadata)) return null;
      const i18n: Record<string, JsonObject> = {};
      for (const lang of index.languages) {
        const tree: unknown = JSON.parse(await readFile(join(this.cacheDir, 'i18n', `${lang}.json`), 'utf8'));
        if (!isPlainObject(tree)) return null;
        i18n[lang] = tree;
      }
      return { metadata, i18n, problems: Array.isArray(index.problems) ? index.problems : [] };
    } catch {
      return null;
    }
  }

  private async writeCache(fingerprint: string, merged: MergedResources): Promise<void> {
    const i18nDir = join(this.cacheDir, 'i18n');
    await rm(i18nDir, { recursive: true, force: true });
    await mkdir(i18nDir, { recursive: true });
    await writeAtomic(join(this.cacheDir, 'metadata.json'), `${JSON.stringify(merged.metadata, null, 2)}\n`);
    for (const [lang, tree] of Object.entries(merged.i18n)) {
      await writeAtomic(join(i18nDir, `${lang}.json`), `${JSON.stringify(tree, null, 2)}\n`);
    }
    const index: CacheIndex = { fingerprint, languages: Object.keys(merged.i18n).sort(), problems: merged.problems };
    await writeAtomic(join(this.cacheDir, 'index.json'), `${JSON.stringify(index)}\n`);
  }
}
