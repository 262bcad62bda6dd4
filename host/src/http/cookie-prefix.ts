import type { CookieOptions } from '../../sdk/http.js';

const HOST_PREFIX = '__Host-';
const SECURE_PREFIX = '__Secure-';

/**
 * The name a cookie is sent under. On an https site (cookies `secure`) a cookie for the whole site (path `/`;
 * the SDK has no Domain option) gets the `__Host-` prefix, so that no sibling subdomain and no plain-http page can set or
 * shadow it; a path-scoped one (portal sessions, logout state) gets `__Secure-`. On plain http the name
 * stays as the route gave it (browsers refuse prefixed cookies without `Secure`).
 */
export function wireCookieName(name: string, options: CookieOptions): string {
  if (options.secure !== true) return name;
  return (options.path ?? '/') === '/' ? `${HOST_PREFIX}${name}` : `${SECURE_PREFIX}${name}`;
}

/**
 * The cookies of a request under the names routes use. With `secure`, only prefixed cookies count
 * (`__Host-<name>` first, then `__Secure-<name>`): an unprefixed `crm_session` planted by another origin is
 * ignored. Without `secure`, the cookies as received.
 */
export function routeCookies(
  raw: Readonly<Record<string, string | undefined>> | undefined,
  secure: boolean,
): Readonly<Record<string, string | undefined>> {
  if (!raw) return {};
  if (!secure) return raw;
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(SECURE_PREFIX)) {
      const bare = name.slice(SECURE_PREFIX.length);
      if (out[bare] === undefined) out[bare] = value;
    }
  }
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(HOST_PREFIX)) out[name.slice(HOST_PREFIX.length)] = value;
  }
  return out;
}
