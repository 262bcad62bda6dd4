import type { FastifyReply, FastifyRequest } from 'fastify';

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Default `Strict-Transport-Security` max-age: one year. Config `hstsMaxAge` (seconds; 0 turns it off). */
export const DEFAULT_HSTS_MAX_AGE = 31_536_000;

export interface TransportSettings {
  /** The configured site URL: HSTS only when it is https. */
  readonly siteUrl: string;
  /** Config `hstsMaxAge` as stored (anything but a non-negative integer means the default). */
  readonly hstsMaxAge: unknown;
}

/**
 * The onSend hook: security headers on every response; API responses are never cached. With an https
 * site URL, `Strict-Transport-Security`, so that a browser that has seen the site once never talks plain
 * http to it again (no cookie or login form over http).
 */
export function securityHeaders(
  transport: () => TransportSettings,
): (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown> {
  return async (request, reply, payload) => {
    setSecurityHeaders(request, reply, transport());
    return payload;
  };
}

function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, transport: TransportSettings): void {
  if (transport.siteUrl.startsWith('https://')) {
    const maxAge = transport.hstsMaxAge;
    const seconds =
      typeof maxAge === 'number' && Number.isInteger(maxAge) && maxAge >= 0 ? maxAge : DEFAULT_HSTS_MAX_AGE;
    if (seconds > 0) reply.header('Strict-Transport-Security', `max-age=${seconds}`);
  }
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  // A route may ask for a stricter policy (e.g. no-referrer on answers that carry an ID token).
  if (!reply.hasHeader('Referrer-Policy')) reply.header('Referrer-Policy', 'same-origin');
  const type = String(reply.getHeader('content-type') ?? '');
  if (!reply.hasHeader('Content-Security-Policy')) {
    reply.header('Content-Security-Policy', type.startsWith('text/html') ? PAGE_CSP : API_CSP);
  }
  if (request.url.startsWith('/api/') || !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
}
