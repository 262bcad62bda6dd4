import { expect } from 'chai';
import { importJWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AuthToken, PortalUser, TYPES, User, type AuthTokenManager, type Portal } from 'crm-host/sdk';
import { forEachDatabase } from 'crm-host/testing';
import { PortalService } from 'crm-host/internal/portals/portal-service';
import { IdentityLink } from '../../../src/provisioning/entities/IdentityLink.js';
import type { AuthenticationProviderService } from '../../../src/providers/provider-service.js';
import { PROVIDER_TYPES } from '../../../src/providers/tokens.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { idpEndpointSettings, startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const CRM_SECRET = 'crm-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const PORTAL_SECRET = 'portal-secret-0123456789-abcdefghijklmnopqrstuv';
const PORTAL_COOKIE = 'crm_portal_session';

/**
 * Portals with their own authentication provider, end to end against one real oidc-provider that knows two
 * clients: `crm` (the CRM's settings) and `portal-client` (the provider linked to portal `customers`).
 */
forEachDatabase('e2e: portal sign-in through an authentication provider', (db) => {
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let providers: AuthenticationProviderService;
  let portal: Portal;
  let providerId: string;
  const browsers: ProgrammaticBrowser[] = [];

  const portalBase = () => `${rig.base}/portal/customers`;
  const newBrowser = () => {
    const browser = new ProgrammaticBrowser();
    browsers.push(browser);
    return browser;
  };

  async function portalLogin(
    account: string,
  ): Promise<{ browser: ProgrammaticBrowser; token: string | null; last: string }> {
    const browser = newBrowser();
    const result = await browser.login(`${portalBase()}/oidc/login`, { login: account });
    return {
      browser,
      token: browser.cookies.get(`${portalBase()}/`, PORTAL_COOKIE) ?? null,
      last: result.chain.at(-1) ?? '',
    };
  }

  async function session(token: string): Promise<AuthToken | null> {
    const { createHash } = await import('node:crypto');
    const tokenHash = createHash('sha256').update(token).digest('hex');
    return rig.host.persistence.em().findOne(AuthToken, { tokenHash });
  }

  async function logoutToken(aud: string, claims: Record<string, unknown>): Promise<string> {
    const key = idp.keys.keys.find((k) => k.kind === 'RSA')!;
    return new SignJWT({
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'logout+jwt' })
      .setIssuer(idp.issuer)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(await importJWK(key.privateJwk, 'RS256'));
  }

  /** A CRM user who holds "twin" sessions of the same IdP identity (independent of the other tests). */
  async function crmUser(): Promise<User> {
    const existing = await rig.userByName('crm-twin');
    if (existing) return existing;
    const em = rig.host.persistence.em();
    const user = Object.assign(new User(), { userName: 'crm-twin', type: 'regular' });
    await em.persistAndFlush(user);
    return user;
  }

  async function postLogout(path: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${rig.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  before(async function () {
    this.timeout(90_000);
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [
        { sub: 'cust-alice', email: 'alice@customer.test', name: 'Alice Customer' },
        { sub: 'cust-bob', email: 'bob@customer.test', name: 'Bob Customer' },
        { sub: 'crm-carol', email: 'carol@example.test', name: 'Carol CRM' },
      ],
    });
    rig = await startOidcRig({ databaseUrl: await db.createUrl() });
    await rig.configure({
      oidcClientId: 'crm',
      oidcClientSecret: CRM_SECRET,
      ...idpEndpointSettings(idp),
      oidcScopes: ['profile', 'email'],
      oidcCreateUser: true,
    });
    await idp.addClient({ client_id: 'crm', client_secret: CRM_SECRET, redirect_uris: [rig.redirectUri] });

    const portals = new PortalService(rig.host.persistence);
    providers = rig.host.container.get<AuthenticationProviderService>(PROVIDER_TYPES.ProviderService);
    const provider = await providers.create({
      name: 'Customer IdP',
      oidcClientId: 'portal-client',
      oidcClientSecret: PORTAL_SECRET,
      ...idpEndpointSettings(idp),
      oidcScopes: ['profile', 'email'],
      oidcCreateUser: true,
      oidcSync: true,
    });
    providerId = provider.id;
    const created = await portals.create({
      name: 'Customers',
      urlId: 'customers',
      authenticationProviderId: providerId,
    });
    portal = await portals.require(created.id);
    const view = await providers.get(providerId);
    expect(view.redirectUris).to.deep.equal([`${rig.base}/portal/customers/oauth-callback`]);
    await idp.addClient({
      client_id: 'portal-client',
      client_secret: PORTAL_SECRET,
      redirect_uris: view.redirectUris,
      post_logout_redirect_uris: [`${rig.base}/oidc/logged-out`],
      backchannel_logout_uri: view.backchannelLogoutUris[0],
      backchannel_logout_session_required: true,
    });
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    await idp?.stop();
  });

  it('portal user first login creates a portal user linked to the portal and a portal session without CRM access', async function () {
    this.timeout(30_000);
    const { browser, token, last } = await portalLogin('cust-alice');
    expect(last, 'back on the portal page').to.equal(`${portalBase()}/`);
    expect(token, 'portal session cookie').to.be.a('string').and.not.equal('');
    expect(browser.cookies.get(`${rig.base}/`, 'crm_session') ?? '', 'no CRM cookie').to.equal('');

    const user = await rig.userByName('cust-alice');
    expect(user).to.include({ type: 'portal', isActive: true, name: 'Alice Customer' });
    const em = rig.host.persistence.em();
    expect(await em.count(PortalUser, { portal: portal.id, user: user!.id })).to.equal(1);
    const link = await em.findOne(IdentityLink, { user: user!.id });
    expect(link).to.include({ issuer: idp.issuer, sub: 'cust-alice', providerId });

    const row = await session(token!);
    expect(row).to.include({ portalId: portal.id, idpProviderId: providerId, method: 'Oidc', isActive: true });

    const me = await browser.request(`${portalBase()}/api/v1/App/user`);
    expect(me.status).to.equal(200);
    expect(me.json).to.nested.include({ 'user.userName': 'cust-alice', 'portal.urlId': 'customers' });
    const crm = await fetch(`${rig.base}/api/v1/App/user`, { headers: { cookie: `crm_session=${token}` } });
    expect(crm.status, 'a portal session never grants CRM access').to.equal(401);
  });

  it('a CRM session does not open the portal, and a CRM user is not let into the portal', async function () {
    this.timeout(30_000);
    const browser = newBrowser();
    await browser.login(`${rig.base}/oidc/login`, { login: 'crm-carol' });
    const crmToken = browser.cookies.get(`${rig.base}/`, 'crm_session')!;
    expect((await rig.userByName('crm-carol'))?.type).to.equal('regular');
    const portalMe = await fetch(`${portalBase()}/api/v1/App/user`, {
      headers: { cookie: `${PORTAL_COOKIE}=${crmToken}` },
    });
    expect(portalMe.status, 'a CRM session never grants portal access').to.equal(401);

    const again = await portalLogin('crm-carol');
    expect(again.token ?? '', 'no portal session for a CRM user').to.equal('');
    // Refused either way: the name is taken by a CRM user linked to the CRM's identity, and the type is wrong.
    const refusals = (await rig.authLog()).filter((r) => r.result === 'failure' && r.userName === 'crm-carol');
    expect(refusals.map((r) => r.reasonCode)).to.include.oneOf([
      'ERR_OIDC_USERNAME_TAKEN',
      'ERR_OIDC_USER_TYPE_NOT_ALLOWED',
    ]);
  });

  it('a CRM transaction replayed on the portal callback is refused, and a portal one on the CRM callback', async function () {
    this.timeout(30_000);
    const crm = newBrowser();
    const crmStart = await crm.login(`${rig.base}/oidc/login`, {
      login: 'crm-carol',
      stopAt: (u) => u.startsWith(`${rig.base}/oauth-callback`),
    });
    const crmQuery = new URL(crmStart.stoppedAt!).search;
    const onPortal = await crm.request(`${portalBase()}/oauth-callback${crmQuery}`);
    expect(onPortal.status).to.equal(400);
    expect(onPortal.body).to.contain('data-code="ERR_OIDC_CALLBACK_WRONG_PROVIDER"');
    expect(crm.cookies.get(`${portalBase()}/`, PORTAL_COOKIE) ?? '').to.equal('');

    const portalBrowser = newBrowser();
    const portalStart = await portalBrowser.login(`${portalBase()}/oidc/login`, {
      login: 'cust-bob',
      stopAt: (u) => u.startsWith(`${portalBase()}/oauth-callback`),
    });
    const portalQuery = new URL(portalStart.stoppedAt!).search;
    const onCrm = await portalBrowser.request(`${rig.base}/oauth-callback${portalQuery}`);
    expect(onCrm.status).to.equal(400);
    expect(onCrm.body).to.contain('data-code="ERR_OIDC_CALLBACK_WRONG_PROVIDER"');
    expect(portalBrowser.cookies.get(`${rig.base}/`, 'crm_session') ?? '').to.equal('');
    expect(await rig.userByName('cust-bob'), 'nobody provisioned').to.equal(null);
  });

  it('RP-initiated logout of a portal session goes to the provider; the IdP back-channel call to the portal route ends only the portal sessions', async function () {
    this.timeout(40_000);
    const { browser, token } = await portalLogin('cust-alice');
    const row = (await session(token!))!;
    // A CRM session with the very same issuer, subject and IdP session id (same person, same IdP session).
    const alice = (await rig.userByName('cust-alice'))!;
    const carol = await crmUser();
    const crmTwin = await rig.host.container.get<AuthTokenManager>(TYPES.AuthTokenManager).create({
      userId: carol.id,
      method: 'Oidc',
      idp: { issuer: idp.issuer, sub: 'cust-alice', sid: row.idpSid },
    });

    const me = await browser.request(`${portalBase()}/api/v1/App/user`);
    const since = Date.now();
    const out = await browser.request(`${portalBase()}/api/v1/App/destroyAuthToken`, {
      method: 'POST',
      headers: { 'x-csrf-token': (me.json as { csrfToken: string }).csrfToken },
    });
    expect(out.status).to.equal(200);
    const redirectUrl = (out.json as { redirectUrl: string }).redirectUrl;
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).to.equal(idp.endpoints.endSession);
    expect(url.searchParams.get('client_id'), "the provider's client id").to.equal('portal-client');
    expect((await session(token!))?.isActive).to.equal(false);

    const second = await portalLogin('cust-alice'); // a second portal session in the same IdP session? new browser: new IdP session
    const landed = await browser.logout(redirectUrl);
    expect(landed.response?.status).to.equal(200);
    expect(landed.response?.url.startsWith(`${rig.base}/oidc/logged-out`)).to.equal(true);
    expect(landed.response?.body, '"Sign in again" goes back to the portal').to.contain('href="/portal/customers/"');
    const event = await idp.waitForEvent('backchannel.success', { since, timeoutMs: 5000 });
    expect(event).to.include({ clientId: 'portal-client', accountId: 'cust-alice' });
    expect((await session(crmTwin.token))?.isActive, 'the CRM session of the same IdP session survives').to.equal(true);
    expect((await session(second.token!))?.isActive, 'another IdP session survives').to.equal(true);
    expect(alice.type).to.equal('portal');
  });

  it('back-channel: a token of the portal client ends only portal sessions of that subject; one for the CRM client sent to the portal route is refused', async function () {
    this.timeout(30_000);
    const { token } = await portalLogin('cust-alice');
    const carol = await crmUser();
    const tokens = rig.host.container.get<AuthTokenManager>(TYPES.AuthTokenManager);
    const crmTwin = await tokens.create({
      userId: carol.id,
      method: 'Oidc',
      idp: { issuer: idp.issuer, sub: 'cust-alice' },
    });

    const forCrm = await postLogout(
      '/portal/customers/backchannelLogout',
      await logoutToken('crm', { sub: 'cust-alice' }),
    );
    expect(forCrm.status).to.equal(400);
    expect(forCrm.body['code']).to.match(/^ERR_JWT_/);
    expect((await session(token!))?.isActive, 'nothing ended').to.equal(true);
    expect((await session(crmTwin.token))?.isActive).to.equal(true);

    const shared = await postLogout(
      '/api/v1/backchannelLogout',
      await logoutToken('portal-client', { sub: 'cust-alice' }),
    );
    expect(shared.status, JSON.stringify(shared.body)).to.equal(200);
    expect((await session(token!))?.isActive, 'the portal session ended').to.equal(false);
    expect((await session(crmTwin.token))?.isActive, 'the CRM session of that subject survives').to.equal(true);

    const both = await postLogout('/api/v1/backchannelLogout', await logoutToken('crm', { sub: 'cust-alice' }));
    expect(both.status).to.equal(200);
    expect((await session(crmTwin.token))?.isActive, 'a CRM-client token ends the CRM session').to.equal(false);
  });

  it('a provider whose issuer differs from the IdP is refused at the callback; its back channel too', async function () {
    this.timeout(30_000);
    const wrong = await providers.create({
      name: 'Wrong issuer',
      oidcClientId: 'portal-client',
      oidcClientSecret: PORTAL_SECRET,
      oidcIssuer: `${idp.issuer}/elsewhere`,
      oidcAuthorizationEndpoint: idp.endpoints.authorization,
      oidcTokenEndpoint: idp.endpoints.token,
      oidcJwksEndpoint: idp.endpoints.jwks,
    });
    const portals = new PortalService(rig.host.persistence);
    await portals.update(portal.id, { authenticationProviderId: wrong.id });
    try {
      const { token, browser } = await portalLogin('cust-bob');
      expect(token ?? '', 'no session').to.equal('');
      const page = await browser.request(`${portalBase()}/`);
      expect(page.status).to.equal(200);
      const refusals = (await rig.authLog()).filter((r) => r.result === 'failure').map((r) => r.reasonCode);
      expect(refusals).to.include.oneOf(['ERR_OIDC_ISS_MISMATCH', 'ERR_JWT_CLAIM_INVALID']);
      expect(await rig.userByName('cust-bob'), 'nobody provisioned').to.equal(null);
      const refused = await postLogout(
        '/portal/customers/backchannelLogout',
        await logoutToken('portal-client', { sub: 'cust-bob' }),
      );
      expect(refused.status).to.equal(400);
      expect(refused.body['code']).to.equal('ERR_JWT_CLAIM_INVALID');
    } finally {
      await portals.update(portal.id, { authenticationProviderId: providerId });
      await providers.delete(wrong.id);
    }
  });

  it('leaves no ORM schema difference after migrating (host portals and the providers table)', async () => {
    const sql = await rig.host.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(sql.trim()).to.equal('');
    expect(await rig.host.persistence.em().count(User, { type: 'portal' })).to.be.greaterThan(0);
  });
});
