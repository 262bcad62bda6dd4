import type { Portal } from '../../../sdk/entities/Portal.js';
import type { User } from '../../../sdk/entities/User.js';
import { HostError } from '../../../sdk/errors.js';
import type { HttpReply, HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import type { LoginPageData } from '../../../sdk/login-method.js';
import { PORTAL_SESSION_COOKIE, portalPath } from '../../../sdk/sessions.js';
import type { HttpContext } from '../http-context.js';
import type { FastifyHttpRequest } from '../request-adapter.js';
import { WEB_ROOT } from '../static-files.js';
import {
  checkPassword,
  credentials,
  failPasswordLogin,
  loginError,
  PASSWORD_METHOD,
  reserveAttempt,
  startPasswordSession,
} from './login-routes.js';
import { endSession } from './logout-routes.js';
import { userSummary } from './user-routes.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

function notFound(): HostError {
  return new HostError('ERR_PORTAL_NOT_FOUND', 'No such portal', {
    status: 404,
    i18nKey: 'Portal.messages.ERR_PORTAL_NOT_FOUND',
  });
}

/** The active portal of a `/portal/:urlId/...` request (resolved by dispatch), else 404. */
function portalOf(request: HttpRequest): Portal {
  const portal = (request as FastifyHttpRequest).auth.portal;
  if (!portal) throw notFound();
  return portal;
}

/**
 * The sign-in a portal offers: password when it has no authentication provider, else what the first login
 * method that recognises the provider says (null: nobody does, e.g. the extension was removed).
 */
async function portalLoginData(ctx: HttpContext, portal: Portal, request: HttpRequest): Promise<LoginPageData | null> {
  if (portal.authenticationProviderId === null) return { method: PASSWORD_METHOD, fallback: true };
  for (const method of ctx.loginMethods()) {
    if (!method.portalLoginPageData) continue;
    const data = await method.portalLoginPageData(portal, request);
    if (data) return { ...data, fallback: false };
  }
  return null;
}

/**
 * A portal at `/portal/<urlId>/`: its sign-in page, `api/v1/App/loginData`, the password sign-in of
 * `portal` users linked to it (only when the portal has no authentication provider), `api/v1/App/user`
 * and sign-out. Portal sessions live in their own cookie scoped to the portal's path.
 */
export function portalRoutes(ctx: HttpContext): RouteDefinition[] {
  const cookie = (portal: Portal) => ({ path: portalPath(portal.urlId) });

  async function login(request: HttpRequest, reply: HttpReply): Promise<void> {
    const portal = portalOf(request);
    const { userName, password } = credentials(request.body);
    if (portal.authenticationProviderId !== null) {
      await ctx.authLog.record({
        method: PASSWORD_METHOD,
        result: 'failure',
        reasonCode: 'ERR_PORTAL_PASSWORD_DISABLED',
        userName,
        ipAddress: request.ip,
      });
      throw loginError('ERR_PORTAL_PASSWORD_DISABLED', 403, 'This portal signs in through its identity provider');
    }
    const reservation = await reserveAttempt(ctx, request, userName);
    const user = await checkPassword(ctx, request, userName, password);
    if (user.type !== 'portal') return failPasswordLogin(ctx, request, userName, user, 'ERR_USER_NOT_PORTAL');
    if (!(await ctx.portals.isMember(portal.id, user.id)))
      return failPasswordLogin(ctx, request, userName, user, 'ERR_PORTAL_NOT_MEMBER');

    const { token, session } = await startPasswordSession(ctx, request, userName, user, reservation, portal.id);
    reply.setCookie(PORTAL_SESSION_COOKIE, token, cookie(portal));
    reply.json({ user: userSummary(user), method: PASSWORD_METHOD, csrfToken: ctx.csrf.tokenFor(session.id) });
  }

  async function logout(request: HttpRequest, reply: HttpReply): Promise<void> {
    reply.clearCookie(PORTAL_SESSION_COOKIE, cookie(portalOf(request)));
    reply.json({ redirectUrl: await endSession(ctx, request, reply) });
  }

  return [
    {
      method: 'GET',
      path: '/portal/:urlId',
      access: 'none',
      handler(request, reply) {
        portalOf(request);
        reply.redirect(`${request.path}/`, 301);
      },
    },
    {
      method: 'GET',
      path: '/portal/:urlId/',
      access: 'none',
      async handler(request, reply) {
        portalOf(request);
        reply.header('Cache-Control', 'no-cache').html(await readFile(path.join(WEB_ROOT, 'portal.html'), 'utf8'));
      },
    },
    {
      method: 'GET',
      path: '/portal/:urlId/api/v1/App/loginData',
      access: 'none',
      async handler(request, reply) {
        const portal = portalOf(request);
        const data = await portalLoginData(ctx, portal, request);
        reply.header('Cache-Control', 'no-store').json({
          portal: { name: portal.name, urlId: portal.urlId },
          ...(data ?? { method: null, fallback: false, unavailable: 'ERR_PORTAL_LOGIN_UNAVAILABLE' }),
          signedIn: request.user !== null,
        });
      },
    },
    {
      method: 'POST',
      path: '/portal/:urlId/api/v1/App/login',
      access: 'none',
      accepts: ['json'],
      bodyLimit: 8 * 1024,
      csrfExempt: true,
      handler: login,
    },
    {
      method: 'GET',
      path: '/portal/:urlId/api/v1/App/user',
      access: 'user',
      handler(request, reply) {
        const portal = portalOf(request);
        const { auth } = request as FastifyHttpRequest;
        reply.header('Cache-Control', 'no-store').json({
          user: userSummary(auth.user as User),
          portal: { id: portal.id, name: portal.name, urlId: portal.urlId },
          method: auth.method,
          csrfToken: auth.session ? ctx.csrf.tokenFor(auth.session.id) : null,
        });
      },
    },
    { method: 'POST', path: '/portal/:urlId/api/v1/App/destroyAuthToken', access: 'user', handler: logout },
  ];
}
