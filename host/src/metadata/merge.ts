/** Marker: an array whose first element is this is appended to the earlier layer's array. */
export const APPEND_MARKER = '__APPEND__';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripMarker(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value[0] === APPEND_MARKER ? value.slice(1) : value;
    return items.map(stripMarker);
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = stripMarker(v);
    return out;
  }
  return value;
}

/**
 * Merges `over` onto `base` (neither is modified): objects merge deeply, arrays replace unless `over`'s
 * array starts with `"__APPEND__"` (then its items are appended to `base`'s array), scalars replace.
 */
export function mergeLayers(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: JsonObject = { ...base };
    for (const [key, value] of Object.entries(over)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      out[key] = Object.hasOwn(base, key) ? mergeLayers(base[key], value) : stripMarker(value);
    }
    return out;
  }
  if (Array.isArray(over) && over[0] === APPEND_MARKER) {
    const appended = over.slice(1).map(stripMarker);
    return Array.isArray(base) ? [...base, ...appended] : appended;
  }
  return stripMarker(over);
}

/** Fills keys missing in `primary` from `fallback`, key by key (deeply); `primary` wins. */
export function fillMissing(primary: unknown, fallback: unknown): unknown {
  if (isPlainObject(primary) && isPlainObject(fallback)) {
    const out: JsonObject = { ...fallback };
    for (const [key, value] of Object.entries(primary)) {
      out[key] = Object.hasOwn(fallback, key) ? fillMissing(value, fallback[key]) : value;
    }
    return out;
  }
  return primary === undefined ? fallback : primary;
}

/** Reads a value by path from a tree. */
export function getPath(tree: unknown, path: readonly string[]): unknown {
  let node: unknown = tree;
  for (const part of path) {
    if (!isPlainObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

export function toPath(path: string | readonly string[]): readonly string[] {
  return typeof path === 'string' ? path.split('.').filter((p) => p.length > 0) : path;
}

/** Deep-freezes a tree so that readers cannot mutate the shared merged data. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
