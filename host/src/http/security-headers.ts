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

/** onSend hook: security headers on every response; API responses are never cached. */
export async function securityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  // A route may ask for a stricter policy (e.g. no-referrer on answers that carry an ID token).
  if (!reply.hasHeader('Referrer-Policy')) reply.header('Referrer-Policy', 'same-origin');
  const type = String(reply.getHeader('content-type') ?? '');
  if (!reply.hasHeader('Content-Security-Policy')) {
    reply.header('Content-Security-Policy', type.startsWith('text/html') ? PAGE_CSP : API_CSP);
  }
  if (request.url.startsWith('/api/') || !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  return payload;
}
