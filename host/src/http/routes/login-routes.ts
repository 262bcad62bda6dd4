import type { AuthToken } from '../../../sdk/entities/AuthToken.js';
import { User } from '../../../sdk/entities/User.js';
import { HostError } from '../../../sdk/errors.js';
import type { HttpReply, HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import { MAX_PASSWORD_LENGTH, verifyPassword } from '../../sessions/password.js';
import type { HttpContext } from '../http-context.js';
import type { FastifyHttpRequest } from '../request-adapter.js';
import { teamsOf, userSummary } from './user-routes.js';

export const PASSWORD_METHOD = 'Password';

export function loginError(code: string, status: number, message: string): HostError {
  return new HostError(code, message, { status, i18nKey: `Login.messages.${code}` });
}

export function credentials(body: unknown): { userName: string; password: string } {
  const { userName, password } = (body ?? {}) as Record<string, unknown>;
  if (
    typeof userName !== 'string' ||
    typeof password !== 'string' ||
    userName.trim() === '' ||
    password === '' ||
    userName.length > 255 ||
    password.length > MAX_PASSWORD_LENGTH
  ) {
    throw new HostError('ERR_LOGIN_BAD_REQUEST', 'Give a user name and a password', {
      status: 400,
      i18nKey: 'Login.messages.ERR_LOGIN_BAD_REQUEST',
      fields: {
        ...(typeof userName === 'string' && userName.trim() ? {} : { userName: 'required' }),
        ...(typeof password === 'string' && password ? {} : { password: 'required' }),
      },
    });
  }
  return { userName: userName.trim(), password };
}

/**
 * Counts a failed password sign-in against the limiter, writes it to the AuthLog with its reason and throws
 * ERR_LOGIN_INVALID (every reason looks the same to the client).
 */
export async function failPasswordLogin(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
  user: User | null,
  reasonCode: string,
): Promise<never> {
  ctx.loginLimiter.recordFailure(request.ip, userName);
  await ctx.authLog.record({
    method: PASSWORD_METHOD,
    result: 'failure',
    reasonCode,
    userName,
    user,
    ipAddress: request.ip,
  });
  throw loginError('ERR_LOGIN_INVALID', 401, 'Wrong user name or password');
}

/**
 * The active user whose password is `password` (the hash is checked even when the user is unknown, so
 * that timing does not tell); any other outcome goes through {@link failPasswordLogin}.
 */
export async function checkPassword(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
  password: string,
): Promise<User> {
  const user = await ctx.persistence.em().findOne(User, { userName });
  const passwordOk = await verifyPassword(password, user?.passwordHash);
  if (!user) return failPasswordLogin(ctx, request, userName, null, 'ERR_USER_NOT_FOUND');
  if (!user.passwordHash) return failPasswordLogin(ctx, request, userName, user, 'ERR_PASSWORD_NOT_SET');
  if (!passwordOk) return failPasswordLogin(ctx, request, userName, user, 'ERR_PASSWORD_INVALID');
  if (!user.isActive) return failPasswordLogin(ctx, request, userName, user, 'ERR_USER_INACTIVE');
  return user;
}

/**
 * After a successful password check: clears the failures of `userName` (as typed), ends the request's previous session,
 * opens a new one (for `portalId` when given) and writes the success to the AuthLog.
 */
export async function startPasswordSession(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
  user: User,
  portalId?: string,
): Promise<{ token: string; session: AuthToken }> {
  ctx.loginLimiter.reset(userName);
  const previous = (request as FastifyHttpRequest).auth.sessionToken;
  if (previous) await ctx.tokens.destroy(previous);
  const started = await ctx.tokens.create({
    userId: user.id,
    method: PASSWORD_METHOD,
    ipAddress: request.ip,
    portalId,
  });
  await ctx.authLog.record({
    method: PASSWORD_METHOD,
    result: 'success',
    userName,
    user,
    ipAddress: request.ip,
  });
  return started;
}

/**
 * `GET /api/v1/App/loginData` (public) and `POST /api/v1/App/login` (password login, JSON only so that a
 * cross-site form cannot post it). Every attempt is written to the AuthLog with a reason code; failures are
 * rate-limited per IP and per user name; unknown user and wrong password look the same to the client.
 */
export function loginRoutes(ctx: HttpContext): RouteDefinition[] {
  async function login(request: HttpRequest, reply: HttpReply): Promise<void> {
    const { userName, password } = credentials(request.body);
    const limited = ctx.loginLimiter.check(request.ip, userName);
    if (limited) {
      await ctx.authLog.record({
        method: PASSWORD_METHOD,
        result: 'failure',
        reasonCode: 'ERR_LOGIN_RATE_LIMITED',
        userName,
        ipAddress: request.ip,
      });
      throw loginError('ERR_LOGIN_RATE_LIMITED', 429, 'Too many failed sign-in attempts; try again later');
    }
    const user = await checkPassword(ctx, request, userName, password);
    // Portal users sign in at their portal (/portal/<urlId>/), never to the CRM.
    if (user.type === 'portal') return failPasswordLogin(ctx, request, userName, user, 'ERR_USER_PORTAL_ONLY');

    const active = ctx.activeMethodName();
    const method = active === PASSWORD_METHOD ? undefined : ctx.loginMethod(active);
    if (method) {
      const policy = method.passwordLoginPolicy(user);
      if (!policy.allowed) {
        await ctx.authLog.record({
          method: PASSWORD_METHOD,
          result: 'failure',
          reasonCode: policy.reasonCode,
          userName,
          user,
          ipAddress: request.ip,
        });
        throw loginError(policy.reasonCode, 403, 'Password sign-in is not allowed for this account');
      }
    }

    const { token, session } = await startPasswordSession(ctx, request, userName, user);
    reply.setCookie(ctx.tokens.cookieName, token);
    reply.json({
      user: userSummary(user),
      teams: await teamsOf(ctx.persistence, user.id),
      method: PASSWORD_METHOD,
      csrfToken: ctx.csrf.tokenFor(session.id),
    });
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/App/loginData',
      access: 'none',
      async handler(request, reply) {
        const method = ctx.loginMethod(ctx.activeMethodName()) ?? ctx.loginMethod(PASSWORD_METHOD);
        const data = method ? await method.loginPageData(request) : { method: PASSWORD_METHOD, fallback: true };
        reply.json({ ...data, signedIn: request.user !== null });
      },
    },
    // JSON only: a cross-site page cannot send it without a CORS preflight, so login CSRF is ruled out and a
    // stale session cookie in the browser (another tab) needs no CSRF token here; the old session is ended.
    {
      method: 'POST',
      path: '/api/v1/App/login',
      access: 'none',
      accepts: ['json'],
      bodyLimit: 8 * 1024,
      csrfExempt: true,
      handler: login,
    },
  ];
}
