import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { User, type UserType } from '../../../sdk/entities/User.js';
import { Team } from '../../../sdk/entities/Team.js';
import { TeamMembership } from '../../../sdk/entities/TeamMembership.js';
import type { LoginMethod } from '../../../sdk/login-method.js';
import { TYPES } from '../../../sdk/tokens.js';
import { buildHttpApp } from '../../../src/http/server.js';
import { hashPassword } from '../../../src/sessions/password.js';
import { bootHttpTestHost, type HttpTestHost, type HttpTestHostOptions } from './test-host.js';

export const FAST_HASH = { N: 1024, r: 8, p: 1 };

export interface Fixture {
  host: HttpTestHost;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startFixture(
  options: HttpTestHostOptions & { before?: (host: HttpTestHost) => void } = {},
): Promise<Fixture> {
  const host = await bootHttpTestHost(options);
  options.before?.(host);
  const app = await buildHttpApp(host);
  return {
    host,
    app,
    close: async () => {
      await app.close();
      await host.cleanup();
    },
  };
}

export async function createUser(
  host: HttpTestHost,
  userName: string,
  password: string | null,
  type: UserType = 'regular',
  teams: string[] = [],
): Promise<User> {
  const em = host.persistence.em();
  const user = Object.assign(new User(), {
    userName,
    type,
    name: userName,
    passwordHash: password ? await hashPassword(password, FAST_HASH) : null,
  });
  em.persist(user);
  for (const name of teams) {
    let team = await em.findOne(Team, { name });
    if (!team) {
      team = Object.assign(new Team(), { name });
      em.persist(team);
    }
    em.persist(Object.assign(new TeamMembership(), { user, team }));
  }
  await em.flush();
  return user;
}

export interface Session {
  cookie: string;
  csrf: string;
  response: LightMyRequestResponse;
}

export function sessionCookie(response: LightMyRequestResponse): string | null {
  const cookie = response.cookies.find((c) => c.name === 'crm_session' && c.value !== '');
  return cookie ? cookie.value : null;
}

export async function login(app: FastifyInstance, userName: string, password: string): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/App/login', payload: { userName, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookie(response);
  if (!cookie) throw new Error('no session cookie');
  return { cookie, csrf: response.json().csrfToken, response };
}

/** Headers of a request made within a session (with the CSRF header unless `csrf: false`). */
export function as(session: Session, csrf = true): Record<string, string> {
  return { cookie: `crm_session=${session.cookie}`, ...(csrf ? { 'x-csrf-token': session.csrf } : {}) };
}

/**
 * Binds a login method `Sso` whose password policy lets only admins sign in with a password (the others are
 * refused with `ERR_SSO_FALLBACK_ADMINS_ONLY`). Does not activate it (`authenticationMethod`).
 */
export function bindAdminsOnlySsoMethod(host: HttpTestHost): void {
  const method: LoginMethod = {
    name: 'Sso',
    loginPageData: () => ({ method: 'Sso', startUrl: '/sso/login', buttonLabel: 'SSO', fallback: true }),
    passwordLoginPolicy: (user) =>
      user.isAdmin ? { allowed: true } : { allowed: false, reasonCode: 'ERR_SSO_FALLBACK_ADMINS_ONLY' },
  };
  host.container.bind<LoginMethod>(TYPES.LoginMethod).toConstantValue(method);
}

/** `POST /api/v1/Portal` as `admin` (must answer 201); the new portal's id. */
export async function createPortal(
  app: FastifyInstance,
  admin: Session,
  portal: { name: string; urlId: string },
): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/Portal', headers: as(admin), payload: portal });
  if (created.statusCode !== 201) throw new Error(`create portal: ${created.statusCode} ${created.body}`);
  return created.json().id as string;
}
