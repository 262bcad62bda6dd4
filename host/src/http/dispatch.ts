import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Portal } from '../../sdk/entities/Portal.js';
import { HostError } from '../../sdk/errors.js';
import { PORTAL_SESSION_COOKIE, portalPath } from '../../sdk/sessions.js';
import type { ApiAuthenticator, RouteDefinition } from '../../sdk/http.js';
import { TYPES } from '../../sdk/tokens.js';
import { CSRF_HEADER, isStateChanging } from './csrf.js';
import { routeCookies, wireCookieName } from './cookie-prefix.js';
import type { HttpContext } from './http-context.js';
import { negotiateLanguage } from './language.js';
import { FastifyHttpReply } from './reply-adapter.js';
import { FastifyHttpRequest, type RequestAuth } from './request-adapter.js';
import { RAW_BODY_TYPES } from './raw-body.js';

const MEDIA_TYPES: Readonly<Record<'json' | 'form' | 'zip', readonly string[]>> = {
  json: ['application/json'],
  form: ['application/x-www-form-urlencoded'],
  zip: RAW_BODY_TYPES,
};

function authError(code: string, message: string, status: number, key: string): HostError {
  return new HostError(code, message, { status, i18nKey: `Global.messages.${key}` });
}

const NO_AUTH: RequestAuth = Object.freeze({ user: null, session: null, method: null, sessionToken: null });

/** Routes below `/portal/:urlId/` belong to a portal: they see only that portal's sessions. */
function isPortalRoute(route: RouteDefinition): boolean {
  return route.path === '/portal/:urlId' || route.path.startsWith('/portal/:urlId/');
}

/**
 * The session of the request. CRM routes read the CRM cookie and accept only CRM sessions of CRM users;
 * portal routes read the portal cookie and accept only sessions of that (active) portal whose user is a
 * `portal` user still linked to it. Anything else counts as no session: one never grants the other.
 */
async function fromSession(
  ctx: HttpContext,
  portalRoute: boolean,
  request: FastifyRequest,
  cookies: Readonly<Record<string, string | undefined>>,
): Promise<RequestAuth> {
  let portal: Portal | null = null;
  if (portalRoute) {
    const urlId = (request.params as Record<string, string> | undefined)?.['urlId'] ?? '';
    const found = await ctx.portals.byUrlId(urlId);
    portal = found?.isActive ? found : null;
  }
  const token = cookies[portalRoute ? PORTAL_SESSION_COOKIE : ctx.tokens.cookieName];
  if (!token || (portalRoute && !portal)) return { ...NO_AUTH, portal };
  const session = await ctx.tokens.find(token);
  const valid =
    session !== null &&
    (portalRoute
      ? session.portalId === portal!.id &&
        session.user.type === 'portal' &&
        (await ctx.portals.isMember(portal!.id, session.user.id))
      : session.portalId === null && session.user.type !== 'portal');
  if (!session || !valid) return { ...NO_AUTH, portal };
  return { user: session.user, session, method: session.method, sessionToken: token, portal };
}

async function fromAuthenticators(
  ctx: HttpContext,
  probe: FastifyHttpRequest,
  reply: FastifyReply,
): Promise<RequestAuth | null> {
  for (const authenticator of ctx.services.getAll<ApiAuthenticator>(TYPES.ApiAuthenticator)) {
    try {
      const principal = await authenticator.authenticate(probe);
      if (principal && principal.user.isActive && principal.user.type !== 'portal') {
        return { user: principal.user, session: null, method: principal.method, sessionToken: null };
      }
    } catch (error) {
      if (HostError.is(error) && error.status === 401) {
        reply.header('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.code}"`);
      }
      throw error;
    }
  }
  return null;
}

/** Authenticates, checks access, CSRF and body type, then runs the route handler with SDK adapters. */
export async function dispatch(
  ctx: HttpContext,
  route: RouteDefinition,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const configured = ctx.config.get<string>('language');
  const language = negotiateLanguage(
    request.headers['accept-language'],
    ctx.i18n.languages(),
    typeof configured === 'string' ? configured : undefined,
  );
  const portalRoute = isPortalRoute(route);
  const cookieDefaults = ctx.cookieDefaults();
  const secureCookies = cookieDefaults.secure === true;
  const cookies = routeCookies(request.cookies, secureCookies);
  const auth = await fromSession(ctx, portalRoute, request, cookies);
  if (!portalRoute && cookies[ctx.tokens.cookieName] && !auth.session) {
    // stale or expired: forget it
    reply.clearCookie(wireCookieName(ctx.tokens.cookieName, cookieDefaults), cookieDefaults);
  }
  if (auth.portal && cookies[PORTAL_SESSION_COOKIE] && !auth.session) {
    const options = { ...cookieDefaults, path: portalPath(auth.portal.urlId) };
    reply.clearCookie(wireCookieName(PORTAL_SESSION_COOKIE, options), options);
  }
  const httpRequest = new FastifyHttpRequest(request, auth, language, secureCookies);
  // API authenticators map to CRM users: never on portal routes.
  if (!auth.user && route.access !== 'none' && !portalRoute) {
    const principal = await fromAuthenticators(ctx, httpRequest, reply);
    if (principal) Object.assign(auth, principal);
  }

  if (route.access !== 'none' && !auth.user) {
    throw authError('ERR_AUTH_REQUIRED', 'Sign in first', 401, 'authRequired');
  }
  if (route.access === 'admin' && !auth.user?.isAdmin) {
    throw authError('ERR_FORBIDDEN', 'Administrators only', 403, 'forbidden');
  }
  if (auth.session && isStateChanging(request.method) && !route.csrfExempt) {
    if (!ctx.csrf.verify(auth.session.id, request.headers[CSRF_HEADER])) {
      throw authError('ERR_CSRF_TOKEN_INVALID', 'Missing or wrong X-CSRF-Token header', 403, 'csrfInvalid');
    }
  }
  if (request.body !== undefined && request.body !== null) {
    const accepted = (route.accepts ?? ['json', 'form']).flatMap((a) => MEDIA_TYPES[a]);
    if (!httpRequest.contentType || !accepted.includes(httpRequest.contentType)) {
      throw authError('ERR_UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here', 415, 'badRequest');
    }
  }

  const httpReply = new FastifyHttpReply(reply, cookieDefaults);
  await route.handler(httpRequest, httpReply);
  httpReply.finish();
  return reply;
}
