import type { AuthToken } from '../../../sdk/entities/AuthToken.js';
import { User } from '../../../sdk/entities/User.js';
import { HostError } from '../../../sdk/errors.js';
import type { HttpReply, HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import { MAX_PASSWORD_LENGTH, verifyPassword } from '../../sessions/password.js';
import type { HttpContext } from '../http-context.js';
import type { AttemptReservation } from '../rate-limiter.js';
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
 * Writes a failed password sign-in to the AuthLog with its reason and throws ERR_LOGIN_INVALID (every
 * reason looks the same to the client). The attempt was already counted by {@link reserveAttempt}.
 */
export async function failPasswordLogin(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
  user: User | null,
  reasonCode: string,
): Promise<never> {
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
 * Reserves the attempt against the shared limits (per address and per user name, in the database) before
 * any password is checked; over a limit: logged and 429, no password check at all.
 */
export async function reserveAttempt(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
): Promise<AttemptReservation> {
  const result = await ctx.loginLimiter.reserve(request.ip, userName);
  if ('reserved' in result) return result.reserved;
  await ctx.authLog.record({
    method: PASSWORD_METHOD,
    result: 'failure',
    reasonCode: 'ERR_LOGIN_RATE_LIMITED',
    userName,
    ipAddress: request.ip,
  });
  throw loginError('ERR_LOGIN_RATE_LIMITED', 429, 'Too many failed sign-in attempts; try again later');
}

/** Why password sign-in is refused for an (active) user before the password is looked at, or null. */
export type PasswordRefusal = (user: User) => string | null;

/**
 * The active user whose password is `password` (the hash is checked even when the user is unknown, so
 * that timing does not tell); any other outcome goes through {@link failPasswordLogin}. When `refusal`
 * names a reason for the user, password sign-in is refused (403 with that code) whatever the password:
 * the hash is computed against a dummy so that right and wrong passwords take the same time and get the
 * same answer (no password oracle).
 */
export async function checkPassword(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
  password: string,
  refusal?: PasswordRefusal,
): Promise<User> {
  const user = await ctx.persistence.em().findOne(User, { userName });
  const refused = user?.isActive && refusal ? refusal(user) : null;
  if (refused) {
    await verifyPassword(password, undefined);
    await ctx.authLog.record({
      method: PASSWORD_METHOD,
      result: 'failure',
      reasonCode: refused,
      userName,
      user,
      ipAddress: request.ip,
    });
    throw loginError(refused, 403, 'Password sign-in is not allowed for this account');
  }
  const passwordOk = await verifyPassword(password, user?.passwordHash);
  if (!user) return failPasswordLogin(ctx, request, userName, null, 'ERR_USER_NOT_FOUND');
  if (!user.passwordHash) return failPasswordLogin(ctx, request, userName, user, 'ERR_PASSWORD_NOT_SET');
  if (!passwordOk) return failPasswordLogin(ctx, request, userName, user, 'ERR_PASSWORD_INVALID');
  if (!user.isActive) return failPasswordLogin(ctx, request, userName, user, 'ERR_USER_INACTIVE');
  return user;
}

/**
 * After a successful password check: releases the attempt (the user name's count starts afresh), ends the
 * request's previous session, opens a new one (for `portalId` when given) and writes the success to the
 * AuthLog.
 */
export async function startPasswordSession(
  ctx: HttpContext,
  request: HttpRequest,
  userName: string,
  user: User,
  reservation: AttemptReservation,
  portalId?: string,
): Promise<{ token: string; session: AuthToken }> {
  await ctx.loginLimiter.release(reservation);
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
 * cross-site form cannot post it). Every attempt is written to the AuthLog with a reason code; attempts are
 * reserved per IP and per user name before the password is checked; unknown user and wrong password look
 * the same to the client.
 */
export function loginRoutes(ctx: HttpContext): RouteDefinition[] {
  async function login(request: HttpRequest, reply: HttpReply): Promise<void> {
    const { userName, password } = credentials(request.body);
    const reservation = await reserveAttempt(ctx, request, userName);
    // The active method's policy is decided before the password is checked (same answer either way).
    const active = ctx.activeMethodName();
    const method = active === PASSWORD_METHOD ? undefined : ctx.loginMethod(active);
    const refusal: PasswordRefusal | undefined = method
      ? (candidate) => {
          // Portal users are refused below like a wrong password (they sign in at their portal).
          if (candidate.type === 'portal') return null;
          const policy = method.passwordLoginPolicy(candidate);
          return policy.allowed ? null : policy.reasonCode;
        }
      : undefined;
    const user = await checkPassword(ctx, request, userName, password, refusal);
    // Portal users sign in at their portal (/portal/<urlId>/), never to the CRM.
    if (user.type === 'portal') return failPasswordLogin(ctx, request, userName, user, 'ERR_USER_PORTAL_ONLY');

    const { token, session } = await startPasswordSession(ctx, request, userName, user, reservation);
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
