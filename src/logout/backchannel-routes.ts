import { HostError, type HttpReply, type HttpRequest, type RouteDefinition } from 'crm-host/sdk';
import type { WarnSampler } from '../oidc/warn-sampler.js';
import type { BackchannelLogoutService, BackchannelScope } from './backchannel-service.js';
import { LogoutError } from './errors.js';
import type { RefusalLimiter } from './refusal-limiter.js';

/** The route EspoCRM documents, and the one it actually serves. */
export const BACKCHANNEL_PATHS = ['/api/v1/backchannelLogout', '/api/v1/Oidc/backchannelLogout'] as const;
export const BACKCHANNEL_BODY_LIMIT = 64 * 1024;
const FORM = 'application/x-www-form-urlencoded';

/** Exactly one `logout_token`, in a form body, never in the URL (Back-Channel Logout 2.5, matrix B-07). */
export function logoutTokenOf(request: HttpRequest): string {
  if (request.query['logout_token'] !== undefined) throw new LogoutError('ERR_LOGOUT_TOKEN_IN_QUERY');
  if (request.contentType !== FORM) throw new LogoutError('ERR_LOGOUT_REQUEST_INVALID');
  const value = (request.body as Record<string, unknown> | undefined)?.['logout_token'];
  if (Array.isArray(value)) throw new LogoutError('ERR_LOGOUT_TOKEN_DUPLICATE');
  if (typeof value !== 'string' || value === '') throw new LogoutError('ERR_LOGOUT_TOKEN_MISSING');
  return value;
}

function refuse(reply: HttpReply, status: number, error: string, cause: HostError): void {
  reply.status(status).json({ error, code: cause.code, error_description: cause.message });
}

/**
 * `POST /api/v1/backchannelLogout` (and `/api/v1/Oidc/backchannelLogout`): no session, no CSRF, body capped
 * at 64 KiB. 200 on success, on a replay and for an unknown sid; 400 `invalid_request` with a stable code for
 * any invalid request or token (no session touched); 503 when the IdP keys cannot be fetched. Always
 * `Cache-Control: no-store`. `GET` answers 405. A client IP with too many refusals in a minute gets 429.
 */
export function backchannelRoutes(
  service: BackchannelLogoutService,
  warnings: WarnSampler,
  limiter: RefusalLimiter,
): RouteDefinition[] {
  return BACKCHANNEL_PATHS.flatMap((path) => backchannelRoutesAt(path, service, warnings, limiter, async () => null));
}

/**
 * The POST route (and its GET 405) of a back-channel logout endpoint at `path`. `scopeOf` names the
 * configurations a token may be checked against (null: any; a provider: only its own; it may throw a
 * `HostError` to refuse, e.g. an unknown portal).
 */
export function backchannelRoutesAt(
  path: string,
  service: BackchannelLogoutService,
  warnings: WarnSampler,
  limiter: RefusalLimiter,
  scopeOf: (request: HttpRequest) => Promise<BackchannelScope>,
): RouteDefinition[] {
  async function handler(request: HttpRequest, reply: HttpReply): Promise<void> {
    reply.header('Cache-Control', 'no-store');
    const retryAfter = limiter.retryAfterSec(request.ip);
    if (retryAfter > 0) {
      reply.header('Retry-After', String(retryAfter)).status(429);
      reply.json({
        error: 'invalid_request',
        code: 'ERR_LOGOUT_RATE_LIMITED',
        error_description: 'Too many refused requests.',
      });
      return;
    }
    try {
      const token = logoutTokenOf(request);
      await service.handle(token, request.ip, await scopeOf(request));
      reply.status(200).json({});
    } catch (error) {
      if (!HostError.is(error) || (error.status >= 500 && error.status !== 503)) throw error;
      // Sampled per code and minute: junk from many addresses cannot flood the log.
      warnings.log('warn', error.code, 'Back-channel logout refused', { code: error.code, ip: request.ip });
      // Only the client's fault counts: an IdP whose keys cannot be fetched (503) must not get itself limited.
      if (error.status < 500) limiter.recordRefusal(request.ip);
      if (error.status === 503) refuse(reply, 503, 'temporarily_unavailable', error);
      else refuse(reply, 400, 'invalid_request', error);
    }
  }
  const methodNotAllowed = (_request: HttpRequest, reply: HttpReply): void => {
    reply.header('Allow', 'POST').header('Cache-Control', 'no-store');
    reply
      .status(405)
      .json({ error: 'invalid_request', code: 'ERR_METHOD_NOT_ALLOWED', error_description: 'Use POST.' });
  };
  return [
    {
      method: 'POST',
      path,
      access: 'none',
      csrfExempt: true,
      bodyLimit: BACKCHANNEL_BODY_LIMIT,
      accepts: ['form', 'json'],
      handler,
    },
    { method: 'GET', path, access: 'none', handler: methodNotAllowed },
  ];
}
