/** One stored cookie. Domain and Secure are ignored (everything runs on loopback http). */
export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; undefined for a session cookie. */
  expiresAt?: number;
  httpOnly: boolean;
  sameSite?: string;
}

/** How cookies are partitioned: per origin (scheme+host+port, the default) or per host (what real browsers do). */
export type CookieScope = 'origin' | 'host';

function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** Parses one Set-Cookie header value; undefined when malformed. */
export function parseSetCookie(header: string, url: URL, now = Date.now()): StoredCookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    path: defaultPath(url),
    httpOnly: false,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const sep = attribute.indexOf('=');
    const key = (sep < 0 ? attribute : attribute.slice(0, sep)).trim().toLowerCase();
    const value = sep < 0 ? '' : attribute.slice(sep + 1).trim();
    if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'expires') {
      const at = Date.parse(value);
      if (!Number.isNaN(at)) cookie.expiresAt = at;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = value;
  }
  if (maxAge !== undefined) cookie.expiresAt = now + maxAge * 1000; // Max-Age wins over Expires
  return cookie;
}

/**
 * A minimal cookie jar for the programmatic browser: honours Path, Expires and Max-Age, deletes a cookie
 * set to an empty value or an expiry in the past, and partitions by origin (or by host, see CookieScope).
 */
export class CookieJar {
  private readonly scopes = new Map<string, Map<string, StoredCookie>>();

  constructor(private readonly scope: CookieScope = 'origin') {}

  private scopeKey(url: URL): string {
    return this.scope === 'origin' ? url.origin : `${url.protocol}//${url.hostname}`;
  }

  /** Stores the Set-Cookie headers of a response to `url`. */
  store(url: URL, setCookie: readonly string[] | undefined, now = Date.now()): void {
    if (!setCookie?.length) return;
    const key = this.scopeKey(url);
    let cookies = this.scopes.get(key);
    if (!cookies) this.scopes.set(key, (cookies = new Map()));
    for (const header of setCookie) {
      const cookie = parseSetCookie(header, url, now);
      if (!cookie) continue;
      const id = `${cookie.name}\u0000${cookie.path}`;
      if (cookie.value === '' || (cookie.expiresAt !== undefined && cookie.expiresAt <= now)) cookies.delete(id);
      else cookies.set(id, cookie);
    }
  }

  /** Cookies that a request to `url` carries (longest path first, expired ones dropped). */
  cookiesFor(url: URL, now = Date.now()): StoredCookie[] {
    const cookies = this.scopes.get(this.scopeKey(url));
    if (!cookies) return [];
    const out: StoredCookie[] = [];
    for (const [id, cookie] of cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) cookies.delete(id);
      else if (pathMatches(url.pathname, cookie.path)) out.push(cookie);
    }
    return out.sort((a, b) => b.path.length - a.path.length);
  }

  /** The Cookie header for a request to `url`, or undefined when none applies. */
  header(url: URL): string | undefined {
    const cookies = this.cookiesFor(url);
    return cookies.length ? cookies.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** The value of the cookie `name` sent to `url`, if any. */
  get(url: string | URL, name: string): string | undefined {
    return this.cookiesFor(new URL(url)).find((c) => c.name === name)?.value;
  }

  /** Sets a cookie by hand (e.g. to forge or drop a transaction cookie in a test). */
  set(url: string | URL, name: string, value: string, path = '/'): void {
    this.store(new URL(url), [`${name}=${value}; Path=${path}`]);
  }

  /** Forgets every cookie, or those of one origin/host. */
  clear(url?: string | URL): void {
    if (url === undefined) this.scopes.clear();
    else this.scopes.delete(this.scopeKey(new URL(url)));
  }
}
