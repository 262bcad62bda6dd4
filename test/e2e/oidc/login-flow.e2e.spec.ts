import { expect } from 'chai';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';

describe('e2e: OIDC login against oidc-provider', function () {
  this.timeout(30_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;

  before(async () => {
    idp = await startOidcProvider({
      accounts: [
        {
          sub: 'alice',
          email: 'alice@example.test',
          email_verified: true,
          name: 'Alice A',
          groups: ['crm-sales', 'other'],
        },
      ],
    });
    rig = await startOidcRig();
    await idp.addClient({
      client_id: 'crm',
      client_secret: SECRET,
      redirect_uris: [rig.redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    });
    await rig.createTeams('Sales');
    await rig.configure({
      oidcClientId: 'crm',
      oidcClientSecret: SECRET,
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: idp.endpoints.authorization,
      oidcTokenEndpoint: idp.endpoints.token,
      oidcUserInfoEndpoint: idp.endpoints.userinfo,
      oidcJwksEndpoint: idp.endpoints.jwks,
      oidcScopes: ['profile', 'email', 'groups'],
      oidcCreateUser: true,
      oidcJwksAllowKeysWithoutAlg: true,
      oidcGroupClaim: 'groups',
      oidcTeams: [{ group: 'crm-sales', team: 'Sales' }],
    });
  });
  after(async () => {
    await rig?.stop();
    await idp?.stop();
  });

  it('first login creates the user with mapped teams and a session', async () => {
    const browser = new ProgrammaticBrowser();
    const result = await browser.login(`${rig.base}/oidc/login?returnTo=/home`, { login: 'alice' });
    expect(
      result.chain.at(-1),
      `${result.response?.status} ${result.response?.body?.match(/data-code="([^"]+)"/)?.[1]} ${rig.host.logs.join('\n')}`,
    ).to.equal(`${rig.base}/home`);
    const user = await rig.userByName('alice');
    expect(user?.emailAddress ?? null).to.equal('alice@example.test');
    expect(await rig.teamsOf('alice')).to.deep.equal(['Sales']);
    const me = await browser.request(`${rig.base}/api/v1/App/user`);
    expect(me.status).to.equal(200);
    expect(me.json).to.have.nested.property('user.userName', 'alice');
    browser.close();
  });
});
