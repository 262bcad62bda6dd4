import { expect } from 'chai';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { fakeOpSettings } from './support/fake-op-login.js';
import { startOidcRig, type OidcRig } from './support/oidc-rig.js';

describe('oidc: GET /oidc/login', function () {
  this.timeout(20_000);
  let rig: OidcRig;
  let op: FakeOp;
  let browser: ProgrammaticBrowser;

  before(async function () {
    this.timeout(60_000);
    op = await startFakeOp({ clientId: 'crm' });
    rig = await startOidcRig();
    browser = new ProgrammaticBrowser();
  });
  after(async () => {
    browser?.close();
    await rig?.stop();
    await op?.stop();
  });
  const codeOf = (page: string): string | null => /data-code="([^"]+)"/.exec(page)?.[1] ?? null;

  it('a configuration problem answers the 503 page with its code (never a 500) and an AuthLog record', async () => {
    const r = await browser.request(`${rig.base}/oidc/login`);
    expect(r.status).to.equal(503);
    expect(r.headers['content-type']).to.match(/^text\/html/);
    expect(codeOf(r.body)).to.equal('ERR_OIDC_SETTING_MISSING');
    expect(r.body).to.contain('not set up completely');
    expect(r.body).not.to.match(/at .*\.js:\d+/);
    expect((await rig.authLog()).at(-1)).to.deep.include({ result: 'failure', reasonCode: 'ERR_OIDC_SETTING_MISSING' });
  });

  it('an http endpoint on a non-loopback host is refused unless oidcAllowHttp', async () => {
    await rig.configure(fakeOpSettings(op, { oidcAuthorizationEndpoint: 'http://idp.example.test/authorize' }));
    const r = await browser.request(`${rig.base}/oidc/login`);
    expect(r.status).to.equal(503);
    expect(codeOf(r.body)).to.equal('ERR_OIDC_ENDPOINT_INSECURE');
    await rig.configure({ oidcAllowHttp: true });
    expect((await browser.request(`${rig.base}/oidc/login`)).status).to.equal(302);
    await rig.configure({ oidcAllowHttp: false });
  });

  it('redirects to the authorization endpoint (its query kept) with a HttpOnly SameSite=Lax binding cookie', async () => {
    await rig.configure(
      fakeOpSettings(op, {
        oidcAuthorizationEndpoint: `${op.endpoints.authorization}?tenant=t1&state=preset`,
        oidcAuthorizationPrompt: 'login',
        oidcAuthorizationMaxAge: 300,
      }),
    );
    const r = await browser.request(`${rig.base}/oidc/login?returnTo=%2Fhome`);
    expect(r.status).to.equal(302);
    expect(r.headers['cache-control']).to.equal('no-store');
    const location = new URL(r.location ?? '');
    expect(`${location.origin}${location.pathname}`).to.equal(op.endpoints.authorization);
    expect(location.searchParams.get('tenant')).to.equal('t1');
    expect(location.searchParams.getAll('state')).to.have.length(1).and.not.include('preset');
    expect(location.searchParams.get('prompt')).to.equal('login');
    expect(location.searchParams.get('max_age')).to.equal('300');
    const setCookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('crm_oidc_tx='));
    expect(setCookie)
      .to.match(/HttpOnly/i)
      .and.match(/SameSite=Lax/i)
      .and.match(/Path=\//)
      .and.match(/Max-Age=600/);
  });

  it('refuses to start while another authentication method is active', async () => {
    await rig.configure({ authenticationMethod: 'Password' });
    try {
      const r = await browser.request(`${rig.base}/oidc/login`);
      expect(r.status).to.equal(403);
      expect(codeOf(r.body)).to.equal('ERR_OIDC_NOT_ENABLED');
    } finally {
      await rig.configure({ authenticationMethod: 'Oidc' });
    }
  });

  it('more than maxStartsPerIpPerMinute starts from one address answer 429 ERR_OIDC_TOO_MANY_STARTS', async () => {
    const limited = await startOidcRig({ flow: { maxStartsPerIpPerMinute: 2 }, settings: fakeOpSettings(op) });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await browser.request(`${limited.base}/oidc/login`));
      expect(statuses.map((r) => r.status)).to.deep.equal([302, 302, 429]);
      expect(codeOf(statuses[2]!.body)).to.equal('ERR_OIDC_TOO_MANY_STARTS');
    } finally {
      await limited.stop();
    }
  });

  it('the login page data names the method, the button and the start URL', async () => {
    await rig.configure({ oidcProviderLabel: 'Example IdP' });
    const r = await browser.request(`${rig.base}/api/v1/App/loginData`);
    expect(r.json).to.deep.include({
      method: 'Oidc',
      buttonLabel: 'Sign in with Example IdP',
      startUrl: '/oidc/login',
      fallback: true,
    });
  });
});
