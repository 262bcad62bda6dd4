import type { AuthToken } from '../../../sdk/entities/AuthToken.js';
import type { HttpReply, HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import type { SessionListener } from '../../../sdk/login-method.js';
import { TYPES } from '../../../sdk/tokens.js';
import type { HttpContext } from '../http-context.js';
import type { FastifyHttpRequest } from '../request-adapter.js';

/**
 * Ends the request's session FIRST (so that nothing later can keep it alive), writes it to the AuthLog,
 * tells the SessionListeners, then asks the session's login method where to send the browser (the method
 * gets the reply too, to set a cookie or headers; it sends no body). The caller clears its cookie and sends
 * `{ redirectUrl }`; null when there was no session or the method has nowhere to send the browser.
 */
export async function endSession(ctx: HttpContext, request: HttpRequest, reply: HttpReply): Promise<string | null> {
  const { auth } = request as FastifyHttpRequest;
  const session = auth.sessionToken ? await ctx.tokens.destroy(auth.sessionToken) : null;
  if (!session) return null;
  await ctx.authLog.record({
    method: session.method,
    result: 'success',
    reasonCode: 'LOGOUT',
    user: session.user,
    ipAddress: request.ip,
  });
  await notify(ctx, session);
  const method = ctx.loginMethod(session.method);
  if (!method?.afterLogout) return null;
  try {
    return (await method.afterLogout(session, request, reply))?.redirectUrl ?? null;
  } catch (error) {
    // The host session is already gone; a failing IdP logout must not keep the user signed in here.
    ctx.logger.warn('afterLogout failed', {
      method: session.method,
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}

async function notify(ctx: HttpContext, session: AuthToken): Promise<void> {
  for (const listener of ctx.services.getAll<SessionListener>(TYPES.SessionListener)) {
    try {
      await listener.sessionEnded(session, 'logout');
    } catch (error) {
      ctx.logger.warn('A session listener failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** `POST /api/v1/App/destroyAuthToken`: clears the CRM session cookie and {@link endSession}. */
export function logoutRoutes(ctx: HttpContext): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/App/destroyAuthToken',
      access: 'user',
      async handler(request, reply) {
        reply.clearCookie(ctx.tokens.cookieName);
        reply.json({ redirectUrl: await endSession(ctx, request, reply) });
      },
    },
  ];
}
