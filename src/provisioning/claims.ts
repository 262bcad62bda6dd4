/** Claims as decoded from an ID token / UserInfo response (JSON). */
export type Claims = Readonly<Record<string, unknown>>;

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Result of a claim lookup: `present` tells an absent claim from one whose value is `null`. */
export type ClaimLookup = { present: true; value: unknown } | { present: false };

/**
 * Reads a claim by dot path (`realm_access.roles`). Only own properties of plain JSON objects are
 * followed, so `__proto__`, `constructor` or `toString` never reach the prototype chain. A claim
 * whose name itself contains a dot (e.g. `https://example.com/roles` style names with dots) is found
 * first by its full name at the top level.
 */
export function lookupClaim(claims: Claims, path: string): ClaimLookup {
  if (path === '') return { present: false };
  if (isObject(claims) && hasOwn(claims, path)) return { present: true, value: claims[path] };
  let current: unknown = claims;
  for (const segment of path.split('.')) {
    if (segment === '' || !isObject(current) || !hasOwn(current, segment)) return { present: false };
    current = (current as Record<string, unknown>)[segment];
  }
  return { present: true, value: current };
}

/** The claim value, or undefined when absent. */
export function getClaim(claims: Claims, path: string): unknown {
  const found = lookupClaim(claims, path);
  return found.present ? found.value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
