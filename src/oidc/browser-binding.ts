import type { HttpReply, HttpRequest } from 'crm-host/sdk';
import { isRandomToken, randomToken, sha256Hex } from './random.js';

/**
 * The browser-binding cookie: a random value (HttpOnly, SameSite=Lax so that the IdP's top-level
 * redirect back carries it) whose SHA-256 is stored with each transaction. A browser keeps one value
 * while it has logins pending (the per-browser cap counts them); each start renews its lifetime. `fresh`:
 * the value was made by this request, so no earlier transaction can carry it.
 */
export function bindBrowser(
  request: HttpRequest,
  reply: HttpReply,
  cookieName: string,
  lifetimeMs: number,
): { browserHash: string; fresh: boolean } {
  const existing = request.cookies[cookieName];
  const fresh = !isRandomToken(existing);
  const value = fresh ? randomToken() : existing;
  reply.setCookie(cookieName, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: Math.ceil(lifetimeMs / 1000),
  });
  return { browserHash: sha256Hex(value), fresh };
}
