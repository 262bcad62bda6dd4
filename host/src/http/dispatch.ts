import type { FastifyReply, FastifyRequest } from 'fastify';
import { HostError } from '../../sdk/errors.js';
import type { ApiAuthenticator, RouteDefinition } from '../../sdk/http.js';
import { TYPES } from '../../sdk/tokens.js';
import { CSRF_HEADER, isStateChanging } from './csrf.js';
import type { HttpContext } from './http-context.js';
import { negotiateLanguage } from './language.js';
import { FastifyHttpReply } from './reply-adapter.js';
import { FastifyHttpRequest, type RequestAuth } from './request-adapter.js';

const MEDIA_TYPES: Readonly<Record<'json' | 'form', string>> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

function authError(code: string, message: string, status: number, key: string): HostError {
  return new HostError(code, message, { status, i18nKey: `Global.messages.${key}` });
}

async function fromSession(ctx: HttpContext, request: FastifyRequest): Promise<RequestAuth> {
  const token = request.cookies[ctx.tokens.cookieName];
  if (!token) return { user: null, session: null, method: null, sessionToken: null };
  const session = await ctx.tokens.find(token);
  return {
    user: session?.user ?? null,
    session,
    method: session?.method ?? null,
    sessionToken: session ? token : null,
  };
}

async function fromAuthenticators(
  ctx: HttpContext,
  probe: FastifyHttpRequest,
  reply: FastifyReply,
): Promise<RequestAuth | null> {
  for (const authenticator of ctx.services.getAll<ApiAuthenticator>(TYPES.ApiAuthenticator)) {
    try {
      const principal = await authenticator.authenticate(probe);
      if (principal && principal.user.isActive) {
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
  const auth = await fromSession(ctx, request);
  if (request.cookies[ctx.tokens.cookieName] && !auth.session) {
    reply.clearCookie(ctx.tokens.cookieName, ctx.cookieDefaults()); // stale or expired: forget it
  }
  const httpRequest = new FastifyHttpRequest(request, auth, language);
  if (!auth.user && route.access !== 'none') {
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
    const accepted = (route.accepts ?? ['json', 'form']).map((a) => MEDIA_TYPES[a]);
    if (!httpRequest.contentType || !accepted.includes(httpRequest.contentType)) {
      throw authError('ERR_UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here', 415, 'badRequest');
    }
  }

  const httpReply = new FastifyHttpReply(reply, ctx.cookieDefaults());
  await route.handler(httpRequest, httpReply);
  httpReply.finish();
  return reply;
}
