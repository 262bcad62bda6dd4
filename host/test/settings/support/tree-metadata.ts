import type { MetadataService } from '../../../sdk/metadata.js';

/** Metadata from a literal tree (for code that only reads metadata, such as the settings schema). */
export function treeMetadata(tree: Record<string, unknown>): MetadataService {
  return {
    get<T>(path: string | readonly string[], fallback?: T): T | undefined {
      let node: unknown = tree;
      for (const key of typeof path === 'string' ? path.split('.') : path)
        node = (node as Record<string, unknown> | undefined)?.[key];
      return node === undefined ? fallback : (node as T);
    },
    all: () => tree,
  };
}
