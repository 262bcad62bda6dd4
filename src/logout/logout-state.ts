import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The post-logout landing page: `post_logout_redirect_uri` = `<siteUrl>` + this path (fixed). */
export const POST_LOGOUT_PATH = '/oidc/logged-out';

/** HttpOnly cookie, scoped to the landing page, that binds the logout `state` to this browser. */
export const LOGOUT_STATE_COOKIE = 'oidc_logout_state';

/**
 * HttpOnly cookie, scoped to the landing page, with the portal path (`/portal/<urlId>/`) a portal session's
 * logout started from: the landing page's "Sign in again" link goes back there.
 */
export const LOGOUT_RETURN_COOKIE = 'oidc_logout_return';

/** The only values the return cookie may hold (never an open redirect). */
export const PORTAL_RETURN_PATH = /^\/portal\/[a-z0-9][a-z0-9-]{0,63}\/$/;

/** How long the browser has to come back from the IdP. */
export const LOGOUT_STATE_TTL_SEC = 600;

/** A fresh `state`: 256 random bits, base64url. */
export function newLogoutState(): string {
  return randomBytes(32).toString('base64url');
}

export type StateCheck = 'valid' | 'missing' | 'no-cookie' | 'mismatch';

/**
 * Compares the `state` the IdP sent back with the browser's cookie, in constant time. Only a cookie this
 * site set (HttpOnly, path-scoped, SameSite=Lax) can match, so a forged landing URL cannot.
 */
export function checkLogoutState(returned: unknown, cookie: string | undefined): StateCheck {
  if (typeof returned !== 'string' || returned === '') return 'missing';
  if (!cookie) return 'no-cookie';
  const a = Buffer.from(returned);
  const b = Buffer.from(cookie);
  return a.length === b.length && timingSafeEqual(a, b) ? 'valid' : 'mismatch';
}
