/**
 * Paths of the flow itself: returning there after a login would start the next one (a redirect loop
 * through the IdP's single sign-on session).
 */
const FLOW_PATHS = new Set(['/oidc/login', '/oauth-callback', '/oauth-callback.php']);

/** Longest `returnTo` kept (longer values fall back to `/`). */
export const MAX_RETURN_TO_LENGTH = 1000;

/**
 * A safe local path to send the browser to after the login, or null. Accepted: one leading `/`, not
 * `//` (protocol-relative), no backslash (browsers read it as `/`), no scheme, no control characters or
 * whitespace, at most {@link MAX_RETURN_TO_LENGTH} characters, and not one of the flow's own routes.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.length > MAX_RETURN_TO_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  if (value.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(value)) return null;
  // Percent-encoded slashes or backslashes right after the first slash would decode to `//` or `/\`.
  if (/^\/(%2f|%5c)/i.test(value)) return null;
  let parsed: URL;
  try {
    parsed = new URL(value, 'http://local.invalid');
  } catch {
    return null;
  }
  if (parsed.origin !== 'http://local.invalid') return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname).toLowerCase().replace(/\/+$/, '');
  } catch {
    return null;
  }
  if (FLOW_PATHS.has(path)) return null;
  return value;
}
