import type { I18nService, MetadataService } from '../../sdk/metadata.js';
import { getPath, isPlainObject, toPath, type JsonObject } from './merge.js';

/** The merged metadata tree; replaced as a whole by `ResourceStore.rebuild()`. */
export class MergedMetadata implements MetadataService {
  constructor(private tree: JsonObject) {}

  get<T = unknown>(path: string | readonly string[], fallback?: T): T | undefined {
    const value = getPath(this.tree, toPath(path));
    return value === undefined ? fallback : (value as T);
  }

  all(): Readonly<Record<string, unknown>> {
    return this.tree;
  }

  /** @internal used by the resource store. */
  replace(tree: JsonObject): void {
    this.tree = tree;
  }
}

export const DEFAULT_LANGUAGE = 'en_US';

/** Translations per language, each already filled in from en_US key by key. */
export class MergedI18n implements I18nService {
  constructor(private byLanguage: Record<string, JsonObject>) {}

  translate(scope: string, category: string, key: string, language = DEFAULT_LANGUAGE): string {
    const tree = this.language(language);
    const value = getPath(tree, [scope, category, key]) ?? getPath(tree, ['Global', category, key]);
    return typeof value === 'string' ? value : key;
  }

  language(language: string): Readonly<Record<string, unknown>> {
    return this.byLanguage[language] ?? this.byLanguage[DEFAULT_LANGUAGE] ?? {};
  }

  languages(): string[] {
    return Object.keys(this.byLanguage).sort();
  }

  /** @internal used by the resource store. */
  replace(byLanguage: Record<string, JsonObject>): void {
    this.byLanguage = byLanguage;
  }
}

export function asObject(value: unknown): JsonObject {
  return isPlainObject(value) ? value : {};
}
