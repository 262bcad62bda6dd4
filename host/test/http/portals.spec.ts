import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import type { LoginMethod } from '../../sdk/login-method.js';
import { TYPES } from '../../sdk/tokens.js';
import { forEachDatabase } from '../../src/testing/index.js';
import {
  as,
  createPortal,
  createUser,
  login,
  startFixture,
  type Fixture,
  type Session,
} from './support/http-fixture.js';

const PORTAL_COOKIE = 'crm_portal_session';

function portalCookie(response: LightMyRequestResponse): { value: string; path: string } | null {
  const cookie = response.cookies.find((c) => c.name === PORTAL_COOKIE && c.value !== '');
  return cookie ? { value: cookie.value, path: cookie.path ?? '' } : null;
}

forEachDatabase('http: portals (admin API, portal pages, portal sessions)', (db) => {
  let fx: Fixture;
  let admin: Session;
  let portalId: string;

  beforeEach(async () => {
    fx = await startFixture({
      databaseUrl: await db.createUrl(),
      before(host) {
        // A method that recognises provider "ext-1" (as the OIDC extension does for its providers).
        const method: LoginMethod = {
          name: 'Ext',
          loginPageData: () => ({ method: 'Ext', fallback: false }),
          passwordLoginPolicy: () => ({ allowed: true }),
          portalLoginPageData: (portal) =>
            portal.authenticationProviderId === 'ext-1'
              ? {
                  method: 'Ext',
                  startUrl: `/portal/${portal.urlId}/ext/login`,
                  buttonLabel: 'Sign in with Ext',
                  fallback: true,
                }
              : null,
        };
        host.container.bind<LoginMethod>(TYPES.LoginMethod).toConstantValue(method);
      },
    });
    await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    await createUser(fx.host, 'pat', 'pat-pass-12', 'portal');
    await createUser(fx.host, 'reg', 'reg-pass-12', 'regular');
    admin = await login(fx.app, 'root', 'root-pass-1');
    portalId = await createPortal(fx.app, admin, { name: 'Customers', urlId: 'customers' });
  });
  afterEach(() => fx.close());

  const portalLogin = (userName: string, password: string, urlId = 'customers') =>
    fx.app.inject({ method: 'POST', url: `/portal/${urlId}/api/v1/App/login`, payload: { userName, password } });

  it('admin CRUD: create, list, read, update, refuse bad input and a taken urlId, delete; admins only', async () => {
    const list = await fx.app.inject({ method: 'GET', url: '/api/v1/Portal', headers: as(admin, false) });
    expect(list.json().list).to.have.length(1);
    expect(list.json().list[0]).to.include({
      name: 'Customers',
      urlId: 'customers',
      isActive: true,
      path: '/portal/customers/',
    });
    const bad = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Portal',
      headers: as(admin),
      payload: { name: '', urlId: 'Bad Slug', color: 1 },
    });
    expect(bad.statusCode).to.equal(400);
    expect(bad.json().code).to.equal('ERR_PORTAL_INVALID');
    expect(Object.keys(bad.json().fields)).to.have.members(['name', 'urlId', 'color']);
    const taken = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Portal',
      headers: as(admin),
      payload: { name: 'Other', urlId: 'customers' },
    });
    expect(taken.statusCode).to.equal(409);
    expect(taken.json().code).to.equal('ERR_PORTAL_URL_ID_TAKEN');
    const updated = await fx.app.inject({
      method: 'PATCH',
      url: `/api/v1/Portal/${portalId}`,
      headers: as(admin),
      payload: { name: 'Clients', authenticationProviderId: 'ext-1' },
    });
    expect(updated.json()).to.include({ name: 'Clients', authenticationProviderId: 'ext-1', urlId: 'customers' });
    const reg = await login(fx.app, 'reg', 'reg-pass-12');
    expect(
      (await fx.app.inject({ method: 'GET', url: '/api/v1/Portal', headers: as(reg, false) })).statusCode,
    ).to.equal(403);
    const deleted = await fx.app.inject({ method: 'DELETE', url: `/api/v1/Portal/${portalId}`, headers: as(admin) });
    expect(deleted.statusCode).to.equal(200);
    expect(
      (await fx.app.inject({ method: 'GET', url: `/api/v1/Portal/${portalId}`, headers: as(admin, false) })).statusCode,
    ).to.equal(404);
  });

  it('password sign-in of a portal user linked to the portal: a portal session in its own cookie that never grants CRM access', async () => {
    expect((await portalLogin('pat', 'pat-pass-12')).statusCode, 'not linked yet').to.equal(401);
    const link = await fx.app.inject({
      method: 'POST',
      url: `/api/v1/Portal/${portalId}/users`,
      headers: as(admin),
      payload: { userId: 'pat' },
    });
    expect(link.statusCode, link.body).to.equal(200);
    const response = await portalLogin('pat', 'pat-pass-12');
    expect(response.statusCode, response.body).to.equal(200);
    const cookie = portalCookie(response)!;
    expect(cookie.path).to.equal('/portal/customers/');
    expect(
      response.cookies.some((c) => c.name === 'crm_session'),
      'no CRM cookie',
    ).to.equal(false);
    const me = await fx.app.inject({
      method: 'GET',
      url: '/portal/customers/api/v1/App/user',
      headers: { cookie: `${PORTAL_COOKIE}=${cookie.value}` },
    });
    expect(me.statusCode).to.equal(200);
    expect(me.json()).to.nested.include({ 'user.userName': 'pat', 'portal.urlId': 'customers' });
    const crm = await fx.app.inject({
      method: 'GET',
      url: '/api/v1/App/user',
      headers: { cookie: `crm_session=${cookie.value}` },
    });
    expect(crm.statusCode, 'a portal session is no CRM session').to.equal(401);

    const unlinked = await fx.app.inject({
      method: 'DELETE',
      url: `/api/v1/Portal/${portalId}/users/${me.json().user.id}`,
      headers: as(admin),
    });
    expect(unlinked.json()).to.deep.equal({ unlinked: true });
    const after = await fx.app.inject({
      method: 'GET',
      url: '/portal/customers/api/v1/App/user',
      headers: { cookie: `${PORTAL_COOKIE}=${cookie.value}` },
    });
    expect(after.statusCode, 'unlinking ends the portal session').to.equal(401);
  });

  it('a CRM session never opens a portal; CRM users cannot sign in to a portal and portal users not to the CRM', async () => {
    const crmMe = await fx.app.inject({
      method: 'GET',
      url: '/portal/customers/api/v1/App/user',
      headers: { cookie: `${PORTAL_COOKIE}=${admin.cookie}` },
    });
    expect(crmMe.statusCode).to.equal(401);
    expect((await portalLogin('reg', 'reg-pass-12')).statusCode).to.equal(401);
    expect((await portalLogin('root', 'root-pass-1')).statusCode).to.equal(401);
    const toCrm = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/App/login',
      payload: { userName: 'pat', password: 'pat-pass-12' },
    });
    expect(toCrm.statusCode).to.equal(401);
    const reasons = (await fx.app.inject({ method: 'GET', url: '/api/v1/AuthLogRecord', headers: as(admin, false) }))
      .json()
      .list.map((r: { reasonCode: string }) => r.reasonCode);
    expect(reasons).to.include.members(['ERR_USER_NOT_PORTAL', 'ERR_USER_PORTAL_ONLY']);
  });

  it('a session of one portal does not open another portal', async () => {
    const other = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Portal',
      headers: as(admin),
      payload: { name: 'Partners', urlId: 'partners' },
    });
    await fx.app.inject({
      method: 'POST',
      url: `/api/v1/Portal/${portalId}/users`,
      headers: as(admin),
      payload: { userId: 'pat' },
    });
    await fx.app.inject({
      method: 'POST',
      url: `/api/v1/Portal/${other.json().id}/users`,
      headers: as(admin),
      payload: { userId: 'pat' },
    });
    const cookie = portalCookie(await portalLogin('pat', 'pat-pass-12'))!;
    const there = await fx.app.inject({
      method: 'GET',
      url: '/portal/partners/api/v1/App/user',
      headers: { cookie: `${PORTAL_COOKIE}=${cookie.value}` },
    });
    expect(there.statusCode).to.equal(401);
  });

  it('loginData: password by default, the method of the linked provider through the extension point, an error when nobody knows it', async () => {
    const data = () => fx.app.inject({ method: 'GET', url: '/portal/customers/api/v1/App/loginData' });
    expect((await data()).json()).to.include({ method: 'Password', fallback: true, signedIn: false });
    await fx.app.inject({
      method: 'PATCH',
      url: `/api/v1/Portal/${portalId}`,
      headers: as(admin),
      payload: { authenticationProviderId: 'ext-1' },
    });
    expect((await data()).json()).to.include({
      method: 'Ext',
      startUrl: '/portal/customers/ext/login',
      fallback: false,
    });
    await fx.app.inject({
      method: 'POST',
      url: `/api/v1/Portal/${portalId}/users`,
      headers: as(admin),
      payload: { userId: 'pat' },
    });
    const refused = await portalLogin('pat', 'pat-pass-12');
    expect(refused.statusCode).to.equal(403);
    expect(refused.json().code).to.equal('ERR_PORTAL_PASSWORD_DISABLED');
    await fx.app.inject({
      method: 'PATCH',
      url: `/api/v1/Portal/${portalId}`,
      headers: as(admin),
      payload: { authenticationProviderId: 'gone-2' },
    });
    expect((await data()).json()).to.include({ method: null, unavailable: 'ERR_PORTAL_LOGIN_UNAVAILABLE' });
  });

  it('an unknown or inactive portal answers 404; the page is served at /portal/<urlId>/', async () => {
    const page = await fx.app.inject({ method: 'GET', url: '/portal/customers/' });
    expect(page.statusCode).to.equal(200);
    expect(page.headers['content-type']).to.contain('text/html');
    expect((await fx.app.inject({ method: 'GET', url: '/portal/customers' })).headers.location).to.equal(
      '/portal/customers/',
    );
    expect((await fx.app.inject({ method: 'GET', url: '/portal/nope/api/v1/App/loginData' })).statusCode).to.equal(404);
    await fx.app.inject({
      method: 'PATCH',
      url: `/api/v1/Portal/${portalId}`,
      headers: as(admin),
      payload: { isActive: false },
    });
    expect((await fx.app.inject({ method: 'GET', url: '/portal/customers/' })).statusCode).to.equal(404);
  });

  it('sign-out ends the portal session and clears the portal cookie', async () => {
    await fx.app.inject({
      method: 'POST',
      url: `/api/v1/Portal/${portalId}/users`,
      headers: as(admin),
      payload: { userId: 'pat' },
    });
    const signedIn = await portalLogin('pat', 'pat-pass-12');
    const cookie = portalCookie(signedIn)!;
    const headers = { cookie: `${PORTAL_COOKIE}=${cookie.value}`, 'x-csrf-token': signedIn.json().csrfToken };
    const out = await fx.app.inject({ method: 'POST', url: '/portal/customers/api/v1/App/destroyAuthToken', headers });
    expect(out.statusCode).to.equal(200);
    expect(out.json()).to.deep.equal({ redirectUrl: null });
    const again = await fx.app.inject({
      method: 'GET',
      url: '/portal/customers/api/v1/App/user',
      headers: { cookie: headers.cookie },
    });
    expect(again.statusCode).to.equal(401);
    const cleared = again.cookies.find((c) => c.name === PORTAL_COOKIE);
    expect(cleared, 'a stale portal cookie is cleared').to.include({ value: '', path: '/portal/customers/' });
  });
});
