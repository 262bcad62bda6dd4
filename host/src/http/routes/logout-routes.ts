import type { AuthToken } from '../../../sdk/entities/AuthToken.js';
import type { RouteDefinition } from '../../../sdk/http.js';
import type { SessionListener } from '../../../sdk/login-method.js';
import { TYPES } from '../../../sdk/tokens.js';
import type { HttpContext } from '../http-context.js';
import type { FastifyHttpRequest } from '../request-adapter.js';

/**
 * `POST /api/v1/App/destroyAuthToken`: ends the session FIRST (so that nothing later can keep it alive),
 * tells the SessionListeners, then asks the session's login method where to send the browser (the method
 * gets the reply too, to set a cookie or headers; it sends no body).
 */
export function logoutRoutes(ctx: HttpContext): RouteDefinition[] {
  async function notify(session: AuthToken): Promise<void> {
    for (const listener of ctx.services.getAll<SessionListener>(TYPES.SessionListener)) {
      try {
        await listener.sessionEnded(session, 'logout');
      } catch (error) {
        ctx.logger.warn('A session listener failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  return [
    {
      method: 'POST',
      path: '/api/v1/App/destroyAuthToken',
      access: 'user',
      async handler(request, reply) {
        const { auth } = request as FastifyHttpRequest;
        reply.clearCookie(ctx.tokens.cookieName);
        const session = auth.sessionToken ? await ctx.tokens.destroy(auth.sessionToken) : null;
        if (!session) {
          reply.json({ redirectUrl: null });
          return;
        }
        await ctx.authLog.record({
          method: session.method,
          result: 'success',
          reasonCode: 'LOGOUT',
          user: session.user,
          ipAddress: request.ip,
        });
        await notify(session);
        let redirectUrl: string | null = null;
        const method = ctx.loginMethod(session.method);
        if (method?.afterLogout) {
          try {
            redirectUrl = (await method.afterLogout(session, request, reply))?.redirectUrl ?? null;
          } catch (error) {
            // The host session is already gone; a failing IdP logout must not keep the user signed in here.
            ctx.logger.warn('afterLogout failed', {
              method: session.method,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }
        reply.json({ redirectUrl });
      },
    },
  ];
}
