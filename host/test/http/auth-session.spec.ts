import { expect } from 'chai';
import { AuthLogRecord } from '../../sdk/entities/AuthLogRecord.js';
import { AuthToken } from '../../sdk/entities/AuthToken.js';
import type { LoginMethod } from '../../sdk/login-method.js';
import type { SessionListener } from '../../sdk/login-method.js';
import { TYPES } from '../../sdk/tokens.js';
import {
  as,
  bindAdminsOnlySsoMethod,
  createUser,
  login,
  sessionCookie,
  startFixture,
  type Fixture,
} from './support/http-fixture.js';

describe('http: password login, App/user, logout', () => {
  let fx: Fixture;
  const ended: string[] = [];

  beforeEach(async () => {
    ended.length = 0;
    fx = await startFixture({
      before: (host) => {
        host.container
          .bind<SessionListener>(TYPES.SessionListener)
          .toConstantValue({ sessionEnded: (s, reason) => void ended.push(`${s.id}:${reason}`) });
      },
    });
    await createUser(fx.host, 'alice', 'alice-pass-1', 'regular', ['Sales', 'Support']);
  });
  afterEach(() => fx.close());

  async function logReasons(): Promise<Array<string | null>> {
    const records = await fx.host.persistence
      .em()
      .find(AuthLogRecord, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return records.map((r) => `${r.result}:${r.reasonCode ?? '-'}`);
  }

  it('signs in with a password: HttpOnly SameSite=Lax cookie, user, teams and CSRF token', async () => {
    const session = await login(fx.app, 'alice', 'alice-pass-1');
    const cookie = session.response.cookies.find((c) => c.name === 'crm_session');
    expect(cookie).to.include({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).to.not.equal(true); // siteUrl is not https here
    expect(session.cookie).to.match(/^[A-Za-z0-9_-]{43}$/);

    const me = await fx.app.inject({ method: 'GET', url: '/api/v1/App/user', headers: as(session, false) });
    expect(me.statusCode).to.equal(200);
    const body = me.json();
    expect(body.user.userName).to.equal('alice');
    expect(body.user).to.not.have.property('passwordHash');
    expect(body.teams.map((t: { name: string }) => t.name)).to.deep.equal(['Sales', 'Support']);
    expect(body.csrfToken).to.equal(session.csrf);
    expect(me.headers['cache-control']).to.equal('no-store');
    expect(me.headers['x-content-type-options']).to.equal('nosniff');
    expect(String(me.headers['content-security-policy'])).to.contain("frame-ancestors 'none'");
  });

  it('stores only the SHA-256 hash of the cookie token', async () => {
    const session = await login(fx.app, 'alice', 'alice-pass-1');
    const rows = await fx.host.persistence.em().find(AuthToken, {});
    expect(rows).to.have.length(1);
    expect(rows[0].tokenHash).to.match(/^[0-9a-f]{64}$/);
    expect(rows[0].tokenHash).to.not.contain(session.cookie);
  });

  it('marks the cookie Secure (and names it __Host-crm_session) when siteUrl is https', async () => {
    await fx.host.config.set({ siteUrl: 'https://crm.example.com' });
    const response = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
    expect(response.cookies.find((c) => c.name === '__Host-crm_session')?.secure).to.equal(true);
    expect(response.cookies.find((c) => c.name === 'crm_session')).to.equal(undefined);
  });

  it('answers 401 on App/user without a session', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/App/user' });
    expect(response.statusCode).to.equal(401);
    expect(response.json()).to.include({ code: 'ERR_AUTH_REQUIRED' });
  });

  it('refuses a wrong password and an unknown user alike, and logs both with reason codes', async () => {
    const wrong = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'alice', password: 'nope' },
    });
    fx.host.clock.advance(1000);
    const unknown = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'bob', password: 'nope' },
    });
    expect(wrong.statusCode).to.equal(401);
    expect(unknown.statusCode).to.equal(401);
    expect(wrong.json().code).to.equal('ERR_LOGIN_INVALID');
    expect(unknown.json()).to.deep.equal(wrong.json());
    expect(sessionCookie(wrong)).to.equal(null);
    fx.host.clock.advance(1000);
    await login(fx.app, 'alice', 'alice-pass-1');
    expect(await logReasons()).to.deep.equal([
      'failure:ERR_PASSWORD_INVALID',
      'failure:ERR_USER_NOT_FOUND',
      'success:-',
    ]);
  });

  it('refuses an inactive user (ERR_USER_INACTIVE in the log only)', async () => {
    const bob = await createUser(fx.host, 'bob', 'bob-pass-1');
    await fx.host.persistence.em().nativeUpdate('User', { id: bob.id }, { isActive: false });
    const response = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'bob', password: 'bob-pass-1' },
    });
    expect(response.statusCode).to.equal(401);
    expect(await logReasons()).to.deep.equal(['failure:ERR_USER_INACTIVE']);
  });

  it('accepts the password login as JSON only (a cross-site form cannot post it)', async () => {
    const response = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'userName=alice&password=alice-pass-1',
    });
    expect(response.statusCode).to.equal(415);
    expect(sessionCookie(response)).to.equal(null);
  });

  it('rate-limits failed logins per user name, and logs the refusals', async () => {
    for (let i = 0; i < 5; i++) {
      await fx.app.inject({
        method: 'POST',
        url: '/api/v1/App/login',
        payload: { userName: 'alice', password: `bad-${i}` },
      });
      fx.host.clock.advance(1000);
    }
    const limited = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
    expect(limited.statusCode).to.equal(429);
    expect(limited.json().code).to.equal('ERR_LOGIN_RATE_LIMITED');
    expect((await logReasons()).at(-1)).to.equal('failure:ERR_LOGIN_RATE_LIMITED');
    fx.host.clock.advance(16 * 60_000);
    await login(fx.app, 'alice', 'alice-pass-1');
  });

  it('rate-limits failed logins per IP across user names', async () => {
    for (let i = 0; i < 20; i++) {
      await fx.app.inject({
        method: 'POST',
        url: '/api/v1/App/login',
        payload: { userName: `user${i}`, password: 'x' },
      });
    }
    const limited = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
    expect(limited.statusCode).to.equal(429);
  });

  it('when the active method is not Password, asks its passwordLoginPolicy and refuses with its reason code', async () => {
    bindAdminsOnlySsoMethod(fx.host);
    await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    await fx.host.config.set({ authenticationMethod: 'Sso' });

    const data = await fx.app.inject({ method: 'GET', url: '/api/v1/App/loginData' });
    expect(data.json()).to.include({ method: 'Sso', startUrl: '/sso/login', fallback: true, signedIn: false });

    const refused = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
    expect(refused.statusCode).to.equal(403);
    expect(refused.json().code).to.equal('ERR_SSO_FALLBACK_ADMINS_ONLY');
    expect(sessionCookie(refused)).to.equal(null);
    fx.host.clock.advance(1000);
    await login(fx.app, 'root', 'root-pass-1');
    expect(await logReasons()).to.deep.equal(['failure:ERR_SSO_FALLBACK_ADMINS_ONLY', 'success:-']);
  });

  it('logout passes the reply to afterLogout: its cookie and a stricter Referrer-Policy reach the client', async () => {
    fx.host.container.bind<LoginMethod>(TYPES.LoginMethod).toConstantValue({
      name: 'Password',
      loginPageData: () => ({ method: 'Password', fallback: true }),
      passwordLoginPolicy: () => ({ allowed: true }),
      afterLogout: async (_session, _request, reply) => {
        reply?.setCookie('logout_state', 'st-1', { path: '/oidc/logged-out', maxAge: 600 });
        reply?.header('Referrer-Policy', 'no-referrer');
        return { redirectUrl: 'https://idp.example/logout?id_token_hint=x' };
      },
    });
    const session = await login(fx.app, 'alice', 'alice-pass-1');
    const out = await fx.app.inject({ method: 'POST', url: '/api/v1/App/destroyAuthToken', headers: as(session) });
    expect(out.statusCode).to.equal(200);
    expect(out.headers['referrer-policy']).to.equal('no-referrer');
    const state = out.cookies.find((c) => c.name === 'logout_state');
    expect(state).to.include({ value: 'st-1', path: '/oidc/logged-out', httpOnly: true });
    const other = await fx.app.inject({ method: 'GET', url: '/api/v1/App/loginData' });
    expect(other.headers['referrer-policy']).to.equal('same-origin');
  });

  it('loginData defaults to the built-in Password method', async () => {
    const data = await fx.app.inject({ method: 'GET', url: '/api/v1/App/loginData' });
    expect(data.json()).to.deep.equal({ method: 'Password', fallback: true, signedIn: false });
  });

  it('logout ends the session first, tells the listeners, returns the method redirect', async () => {
    const order: string[] = [];
    fx.host.container.bind<LoginMethod>(TYPES.LoginMethod).toConstantValue({
      name: 'Password',
      loginPageData: () => ({ method: 'Password', fallback: true }),
      passwordLoginPolicy: () => ({ allowed: true }),
      afterLogout: async (session) => {
        const row = await fx.host.persistence.em().findOneOrFail(AuthToken, { id: session.id });
        order.push(`afterLogout active=${row.isActive}`);
        return { redirectUrl: 'https://idp.example/logout' };
      },
    });
    const session = await login(fx.app, 'alice', 'alice-pass-1');
    const out = await fx.app.inject({ method: 'POST', url: '/api/v1/App/destroyAuthToken', headers: as(session) });
    expect(out.statusCode).to.equal(200);
    expect(out.json()).to.deep.equal({ redirectUrl: 'https://idp.example/logout' });
    expect(order).to.deep.equal(['afterLogout active=false']);
    expect(ended).to.have.length(1);
    expect(ended[0]).to.match(/:logout$/);
    const cleared = out.cookies.find((c) => c.name === 'crm_session');
    expect(cleared?.value).to.equal('');

    const me = await fx.app.inject({ method: 'GET', url: '/api/v1/App/user', headers: as(session, false) });
    expect(me.statusCode).to.equal(401);
  });

  it('refuses logout (a state change with a session cookie) without the CSRF header or with a wrong one', async () => {
    const session = await login(fx.app, 'alice', 'alice-pass-1');
    const missing = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/destroyAuthToken',
      headers: as(session, false),
    });
    expect(missing.statusCode).to.equal(403);
    expect(missing.json().code).to.equal('ERR_CSRF_TOKEN_INVALID');
    const wrong = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/destroyAuthToken',
      headers: { ...as(session), 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.statusCode).to.equal(403);
    const me = await fx.app.inject({ method: 'GET', url: '/api/v1/App/user', headers: as(session, false) });
    expect(me.statusCode).to.equal(200); // still signed in
  });

  it('a new login from a browser that still has a session ends the old session (no fixation)', async () => {
    const first = await login(fx.app, 'alice', 'alice-pass-1');
    const again = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      headers: as(first, false),
      payload: { userName: 'alice', password: 'alice-pass-1' },
    });
    expect(again.statusCode).to.equal(200);
    const fresh = sessionCookie(again);
    expect(fresh).to.not.equal(null);
    expect(fresh).to.not.equal(first.cookie);
    expect(
      (await fx.app.inject({ method: 'GET', url: '/api/v1/App/user', headers: as(first, false) })).statusCode,
    ).to.equal(401);
  });

  it('gives each session its own CSRF token', async () => {
    const a = await login(fx.app, 'alice', 'alice-pass-1');
    const b = await login(fx.app, 'alice', 'alice-pass-1');
    expect(a.csrf).to.not.equal(b.csrf);
    const crossed = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/destroyAuthToken',
      headers: { ...as(a), 'x-csrf-token': b.csrf },
    });
    expect(crossed.statusCode).to.equal(403);
  });
});
