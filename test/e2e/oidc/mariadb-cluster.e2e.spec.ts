import { expect } from 'chai';
import { AuthToken, User } from 'crm-host/sdk';
import { createDatabase, mariaDbUnavailableReason, startMariaDb } from 'crm-host/testing';
import { IdentityLink } from '../../../src/provisioning/entities/IdentityLink.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const SECRET = 'cluster-secret-0123456789-abcdefghijklmnopqrstuv';

/** Several host processes sharing one MariaDB database (acceptance points 3 and 4). */
describe('e2e: OIDC login on MariaDB with several hosts', function () {
  this.timeout(120_000);
  let idp: OidcProviderIdp;
  let a: OidcRig;
  let b: OidcRig;
  const browsers: ProgrammaticBrowser[] = [];

  before(async function () {
    const reason = mariaDbUnavailableReason();
    if (reason) {
      console.warn(`    MariaDB tests skipped: ${reason}`);
      this.skip();
    }
    await startMariaDb();
    const databaseUrl = await createDatabase();
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [
        { sub: 'roaming', email: 'roaming@example.test', groups: ['crm-sales'] },
        { sub: 'newbie', email: 'newbie@example.test', name: 'New Bie', groups: ['crm-sales'] },
      ],
    });
    a = await startOidcRig({ databaseUrl });
    b = await startOidcRig({ databaseUrl, migrate: false });
    // One shared configuration (stored in the database): the redirect URI is host A's.
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [a.redirectUri] });
    await a.createTeams('Sales');
    await a.configure({
      siteUrl: a.base,
      oidcClientId: 'crm',
      oidcClientSecret: SECRET,
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: idp.endpoints.authorization,
      oidcTokenEndpoint: idp.endpoints.token,
      oidcUserInfoEndpoint: idp.endpoints.userinfo,
      oidcJwksEndpoint: idp.endpoints.jwks,
      oidcScopes: ['profile', 'email', 'groups'],
      oidcCreateUser: true,
      oidcGroupClaim: 'groups',
      oidcTeams: [{ group: 'crm-sales', team: 'Sales' }],
    });
    await b.host.config.refresh();
  });
  after(async () => {
    for (const br of browsers) br.close();
    await b?.stop();
    await a?.stop();
    await idp?.stop();
  });

  it('a login started on host B finishes on host A (transaction in the shared database)', async () => {
    // Both hosts listen on 127.0.0.1: a real browser shares cookies across ports of one host name.
    const browser = new ProgrammaticBrowser({ cookieScope: 'host' });
    browsers.push(browser);
    const result = await browser.login(`${b.base}/oidc/login?returnTo=%2Fhome`, { login: 'roaming' });
    expect(result.chain[0]?.startsWith(b.base)).to.equal(true);
    expect(result.chain.some((u) => u.startsWith(`${a.base}/oauth-callback?`))).to.equal(true);
    expect(result.chain.at(-1)).to.equal(`${a.base}/home`);
    // The session is in the shared database: host B knows it too.
    const me = await browser.request(`${b.base}/api/v1/App/user`);
    expect(me.status).to.equal(200);
    expect(me.json).to.nested.include({ 'user.userName': 'roaming' });
  });

  it('50 concurrent first logins of one new person: one user, one identity link, 50 sessions, no error', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const browser = new ProgrammaticBrowser({ cookieScope: 'host' });
        browsers.push(browser);
        const start = i % 2 === 0 ? a.base : b.base;
        const r = await browser.login(`${start}/oidc/login?returnTo=%2Fhome`, { login: 'newbie' });
        return {
          landed: r.chain.at(-1) === `${a.base}/home`,
          status: r.response?.status,
          code: /data-code="([^"]+)"/.exec(r.response?.body ?? '')?.[1],
        };
      }),
    );
    const failures = results.filter((r) => !r.landed);
    expect(failures, JSON.stringify(failures.slice(0, 3))).to.deep.equal([]);
    const em = a.host.persistence.em();
    const users = await em.find(User, { userName: 'newbie' });
    expect(users).to.have.length(1);
    expect(await em.count(IdentityLink, { sub: 'newbie' })).to.equal(1);
    expect(await em.count(AuthToken, { user: users[0]!.id, isActive: true })).to.equal(50);
    expect(await a.teamsOf('newbie')).to.deep.equal(['Sales']);
    const log = (await a.authLog()).filter((l) => l.userName === 'newbie');
    expect(log.filter((l) => l.result === 'success')).to.have.length(50);
  });
});
