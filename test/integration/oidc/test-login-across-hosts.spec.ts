import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TEST_LOGIN_PROOF_KEY } from '../../../src/oidc/test-login/tokens.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import {
  adminBrowser,
  draftTestLogin,
  idpClientSettings,
  startOidcRig,
  type AdminBrowser,
  type OidcRig,
} from './support/oidc-rig.js';

const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';

/**
 * The settings page's test login with two host processes sharing one database: the draft is made and the
 * sign-in started on host A, the IdP's callback lands on host B (no sticky sessions), and A reads the
 * report B stored.
 */
describe('test login: started on one host, finished on another (drafts in the database)', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let dir: string;
  let a: OidcRig;
  let b: OidcRig;
  let admin: AdminBrowser;

  before(async function () {
    idp = await startOidcProvider({ skipConsent: true, accounts: [{ sub: 'root-admin', email: 'root@example.test' }] });
    dir = await mkdtemp(path.join(tmpdir(), 'oidc-test-login-hosts-'));
    const databaseUrl = `libsql:${path.join(dir, 'crm.db')}`;
    a = await startOidcRig({ databaseUrl });
    b = await startOidcRig({ databaseUrl, migrate: false });
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [a.redirectUri] });
    // One public URL for both processes (as behind a load balancer): A's.
    await a.configure(idpClientSettings(a, idp, SECRET));
    await b.host.config.refresh();
    admin = await adminBrowser(a); // cookies shared by both ports, like a browser
  });
  after(async () => {
    admin?.browser.close();
    await b?.stop();
    await a?.stop();
    await idp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the callback on host B finishes the draft made on host A; A serves its report, never the values', async () => {
    const made = await draftTestLogin(admin, a.base, { oidcScopes: ['email'], oidcFallback: false });
    expect(made.status, made.body).to.equal(200);
    const { id, url } = made.json as { id: string; url: string };
    expect(made.body).not.to.contain(SECRET);

    // A settings-page draft starts only for its admin's session.
    expect((await fetch(`${a.base}${url}`, { redirect: 'manual' })).status).to.equal(404);

    const started = await admin.browser.login(`${a.base}${url}`, {
      login: 'root-admin',
      stopAt: (u) => u.startsWith(`${a.base}/oauth-callback`),
    });
    const callback = new URL(started.stoppedAt!);
    const onB = await admin.browser.request(`${b.base}${callback.pathname}${callback.search}`);
    expect(onB.status, onB.body.slice(0, 300)).to.equal(200);
    expect(onB.body).to.contain('data-decision="linked"');

    const polled = await admin.browser.request(`${a.base}/api/v1/Oidc/testLogin?draft=${id}`);
    expect(polled.status).to.equal(200);
    const { report } = polled.json as { report: Record<string, unknown> };
    expect(report).to.deep.include({
      ok: true,
      decision: 'linked',
      userName: 'root-admin',
      recordedForLockoutGuard: true,
    });
    expect(polled.body).not.to.contain(SECRET);
    expect(Object.keys(polled.json as object)).to.deep.equal(['report']);
    await a.host.config.refresh();
    expect(a.host.config.get<Record<string, string>>(TEST_LOGIN_PROOF_KEY)?.['adminId']).to.equal(admin.adminId);
  });

  it('a HEAD request to a test login start URL (link checker, prefetch) does not start the login', async () => {
    const made = await draftTestLogin(admin, a.base, { oidcScopes: ['email'] });
    expect(made.status, made.body).to.equal(200);
    const head = await admin.browser.request(`${a.base}${(made.json as { url: string }).url}`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers['set-cookie']).to.equal(undefined);
  });
});
