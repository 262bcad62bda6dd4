// The demo as `npm start` sets it up (dev IdP + configureDemo): every demo user signs in with the README's
// credentials and lands with the teams its groups map to; a wrong password stays at the IdP.
import { expect } from 'chai';
import { DEMO_CLIENT_ID, DEMO_PASSWORD, DEMO_USERS } from 'crm-host/internal/demo/demo-data';
import { configureDemo, newDemoClientSecret } from 'crm-host/internal/demo/demo-setup';
import { startDevIdp, type DevIdp } from 'crm-host/internal/demo/dev-idp';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

describe('e2e: the demo (dev IdP + demo settings)', function () {
  this.timeout(30_000);
  let rig: OidcRig;
  let idp: DevIdp;

  before(async () => {
    rig = await startOidcRig();
    const secret = newDemoClientSecret();
    idp = await startDevIdp({
      users: DEMO_USERS,
      clientId: DEMO_CLIENT_ID,
      clientSecret: secret,
      redirectUris: [rig.redirectUri],
      postLogoutRedirectUris: [rig.base],
    });
    await configureDemo(rig.host, idp, rig.base, secret);
  });
  after(async () => {
    await idp?.stop();
    await rig?.stop();
  });

  const expected: Record<string, string[]> = { alice: ['Sales'], bob: ['Support'], carol: ['Managers', 'Sales'] };
  for (const [login, teams] of Object.entries(expected)) {
    it(`${login} / ${DEMO_PASSWORD} signs in and gets ${teams.join(', ')}`, async () => {
      const browser = new ProgrammaticBrowser();
      const result = await browser.login(`${rig.base}/oidc/login?returnTo=/home`, { login, password: DEMO_PASSWORD });
      expect(result.chain.at(-1), rig.host.logs.join('\n')).to.equal(`${rig.base}/home`);
      expect((await rig.userByName(login))?.userName).to.equal(login);
      expect(await rig.teamsOf(login)).to.deep.equal(teams);
    });
  }

  it('a wrong password is refused at the IdP', async () => {
    const browser = new ProgrammaticBrowser();
    let failure: unknown = null;
    try {
      await browser.login(`${rig.base}/oidc/login?returnTo=/home`, { login: 'bob', password: 'wrong' });
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(/password is wrong/);
  });
});
