import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import type { ApiAuthenticator, RouteProvider } from '../../sdk/http.js';
import type { LoginMethod } from '../../sdk/login-method.js';
import { User } from '../../sdk/entities/User.js';
import { TYPES } from '../../sdk/tokens.js';
import { buildHttpApp, startHttpServer } from '../../src/http/server.js';
import { bootTestHost } from '../../src/testing/index.js';
import { as, createUser, login, startFixture, type Fixture } from './support/http-fixture.js';

const extensionRoutes: RouteProvider = {
  register(router) {
    router.route({
      method: 'GET',
      path: '/api/v1/Ext/boom',
      access: 'none',
      handler: () => {
        throw new Error('db password=hunter2 leaked?');
      },
    });
    router.route({
      method: 'GET',
      path: '/api/v1/Ext/teapot',
      access: 'none',
      handler: () => {
        throw new HostError('ERR_TEAPOT', 'I am a teapot', { status: 418, i18nKey: 'Ext.messages.teapot' });
      },
    });
    router.route({
      method: 'GET',
      path: '/api/v1/Ext/me',
      access: 'user',
      handler: (req, reply) => void reply.json({ user: req.user?.userName, session: req.session !== null }),
    });
    router.route({
      method: 'GET',
      path: '/ext/params/:id',
      access: 'none',
      handler: (req, reply) => void reply.json({ id: req.params.id, q: req.query.q, lang: req.language }),
    });
    router.route({
      method: 'POST',
      path: '/api/v1/Ext/echo',
      access: 'none',
      bodyLimit: 100,
      accepts: ['form'],
      csrfExempt: true,
      handler: (req, reply) => void reply.json({ body: req.body }),
    });
    router.route({ method: 'POST', path: '/api/v1/Ext/nothing', access: 'user', handler: () => undefined });
    router.route({
      method: 'GET',
      path: '/ext/go',
      access: 'none',
      handler: (_req, reply) => void reply.redirect('/elsewhere'),
    });
    router.route({
      method: 'GET',
      path: '/ext/see-other',
      access: 'none',
      handler: (_req, reply) => void reply.status(303).redirect('/x'),
    });
  },
};

/** Accepts `Authorization: Bearer good-<userName>`, refuses `Bearer bad`, ignores the rest. */
function bearer(host: Fixture['host']): ApiAuthenticator {
  return {
    name: 'TestBearer',
    async authenticate(request) {
      const header = request.headers.authorization;
      if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
      const value = header.slice(7);
      if (value === 'bad') throw new HostError('ERR_JWT_EXPIRED', 'The token has expired', { status: 401 });
      const user = await host.persistence.em().findOne(User, { userName: value.replace(/^good-/, '') });
      return user ? { user, method: 'Test.bearer' } : null;
    },
  };
}

describe('http: server, routing, errors, API authenticators', () => {
  let fx: Fixture;

  beforeEach(async () => {
    fx = await startFixture({
      before: (host) => {
        host.container.bind<RouteProvider>(TYPES.RouteProvider).toConstantValue(extensionRoutes);
        host.container.bind<ApiAuthenticator>(TYPES.ApiAuthenticator).toConstantValue(bearer(host));
      },
    });
    await createUser(fx.host, 'alice', 'alice-pass-1');
  });
  afterEach(() => fx.close());

  it('answers an unexpected error with 500 ERR_INTERNAL, no stack, and logs it', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/Ext/boom' });
    expect(response.statusCode).to.equal(500);
    expect(response.json()).to.deep.equal({
      code: 'ERR_INTERNAL',
      message: 'Something went wrong on the server',
      i18nKey: 'Global.messages.internalError',
    });
    expect(response.body).to.not.contain('hunter2');
    expect(response.body).to.not.contain('at ');
    expect(fx.host.logLines.some((l) => /\berror\b/i.test(l) && l.includes('Request failed'))).to.equal(true);
  });

  it('answers a HostError with its status and { code, message, i18nKey }', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/Ext/teapot' });
    expect(response.statusCode).to.equal(418);
    expect(response.json()).to.deep.equal({
      code: 'ERR_TEAPOT',
      message: 'I am a teapot',
      i18nKey: 'Ext.messages.teapot',
    });
  });

  it('authenticates with an ApiAuthenticator when there is no session', async () => {
    const response = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/Ext/me',
      headers: { authorization: 'Bearer good-alice' },
    });
    expect(response.json()).to.deep.equal({ user: 'alice', session: false });
    const me = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/App/user',
      headers: { authorization: 'Bearer good-alice' },
    });
    expect(me.json()).to.include({ method: 'Test.bearer', csrfToken: null });
  });

  it('a 401 HostError from an authenticator becomes 401 JSON with WWW-Authenticate', async () => {
    const response = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/Ext/me',
      headers: { authorization: 'Bearer bad' },
    });
    expect(response.statusCode).to.equal(401);
    expect(response.json().code).to.equal('ERR_JWT_EXPIRED');
    expect(response.headers['www-authenticate']).to.equal(
      'Bearer error="invalid_token", error_description="ERR_JWT_EXPIRED"',
    );
  });

  it('needs no CSRF header for API callers without a session cookie', async () => {
    const response = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Ext/nothing',
      headers: { authorization: 'Bearer good-alice' },
    });
    expect(response.statusCode).to.equal(204);
  });

  it('passes params, query and language to handlers', async () => {
    const response = await fx.app.inject({
      method: 'GET',
      url: '/ext/params/42?q=a&q=b',
      headers: { 'accept-language': 'de-DE,de;q=0.9' },
    });
    expect(response.json()).to.deep.equal({ id: '42', q: ['a', 'b'], lang: 'de_DE' }); // the host ships de_DE
    const redirect = await fx.app.inject({ method: 'GET', url: '/ext/go' });
    expect(redirect.statusCode).to.equal(302);
    expect(redirect.headers.location).to.equal('/elsewhere');
    expect((await fx.app.inject({ method: 'GET', url: '/ext/see-other' })).statusCode).to.equal(303);
  });

  it('enforces the route bodyLimit and accepted body types', async () => {
    const ok = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Ext/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1&a=2&b=x',
    });
    expect(ok.json()).to.deep.equal({ body: { a: ['1', '2'], b: 'x' } });
    const big = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Ext/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `a=${'x'.repeat(200)}`,
    });
    expect(big.statusCode).to.equal(413);
    expect(big.json().code).to.equal('ERR_BODY_TOO_LARGE');
    const json = await fx.app.inject({ method: 'POST', url: '/api/v1/Ext/echo', payload: { a: 1 } });
    expect(json.statusCode).to.equal(415);
  });

  it('lets a csrfExempt route (access none) take a POST with a session cookie and no CSRF header', async () => {
    const session = await login(fx.app, 'alice', 'alice-pass-1');
    const response = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Ext/echo',
      headers: { ...as(session, false), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(response.statusCode).to.equal(200);
  });

  it('clears a stale session cookie', async () => {
    const response = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/App/loginData',
      headers: { cookie: `crm_session=${'A'.repeat(43)}` },
    });
    expect(response.statusCode).to.equal(200);
    expect(response.cookies.find((c) => c.name === 'crm_session')?.value).to.equal('');
  });

  it('answers unknown API paths with 404 JSON', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/Nope' });
    expect(response.statusCode).to.equal(404);
    expect(response.json().code).to.equal('ERR_NOT_FOUND');
  });

  it('refuses a route that claims csrfExempt with access user', async () => {
    const host = fx.host;
    host.container.bind<RouteProvider>(TYPES.RouteProvider).toConstantValue({
      register: (router) =>
        router.route({ method: 'POST', path: '/x', access: 'user', csrfExempt: true, handler: () => undefined }),
    });
    let error: unknown;
    try {
      await buildHttpApp(host);
    } catch (e) {
      error = e;
    }
    expect((error as HostError).code).to.equal('ERR_ROUTE_INVALID');
  });

  it('serves the UI pages with a strict CSP and the shared dynamic-logic module', async () => {
    for (const url of ['/', '/home', '/admin/settings', '/admin/auth-log']) {
      const page = await fx.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).to.equal(200);
      expect(page.headers['content-type']).to.contain('text/html');
      expect(String(page.headers['content-security-policy'])).to.contain("script-src 'self'");
    }
    const logic = await fx.app.inject({ method: 'GET', url: '/static/dynamic-logic.js' });
    expect(logic.statusCode).to.equal(200);
    expect(logic.body).to.contain('export function findViolations');
    expect(logic.body).to.not.match(/^import /m);
    for (const url of [
      '/static/../package.json',
      '/static/%2e%2e/package.json',
      '/static/.hidden.js',
      '/static/sub/x.js',
      '/host.ts',
    ]) {
      expect((await fx.app.inject({ method: 'GET', url })).statusCode, url).to.equal(404);
    }
  });

  it('binds the HTTP core services itself on a host booted without them (plain bootHost), keeping existing ones', async () => {
    const bare = await bootTestHost();
    const custom: LoginMethod = {
      name: 'Password',
      loginPageData: () => ({ method: 'Password', fallback: true, buttonLabel: 'custom' }),
      passwordLoginPolicy: () => ({ allowed: true }),
    };
    bare.container.bind<LoginMethod>(TYPES.LoginMethod).toConstantValue(custom);
    try {
      const app = await buildHttpApp(bare);
      expect(bare.container.isBound(TYPES.AuthTokenManager)).to.equal(true);
      expect(bare.container.getAll<LoginMethod>(TYPES.LoginMethod)).to.deep.equal([custom]);
      const data = await app.inject({ method: 'GET', url: '/api/v1/App/loginData' });
      expect(data.json().buttonLabel).to.equal('custom');
      await app.close();
    } finally {
      await bare.cleanup();
    }
  });

  it('listens on a real port and closes', async () => {
    const server = await startHttpServer(fx.host, { port: 0 });
    try {
      const response = await fetch(`${server.url}/api/v1/App/loginData`);
      expect(response.status).to.equal(200);
      expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await server.close();
    }
  });
});
