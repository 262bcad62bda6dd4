import { expect } from 'chai';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import type { IdpAccount } from '../../support/idp/idp-types.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const SECRET = 'claim-shapes-secret-0123456789-abcdefghijklmnop';

/** Provider configurations shaped like Keycloak (realm path, nested roles) and Entra ID (groups overage). */
describe('e2e: provider claim shapes (oidc-provider)', function () {
  this.timeout(30_000);
  let rig: OidcRig;
  const idps: OidcProviderIdp[] = [];
  const browsers: ProgrammaticBrowser[] = [];

  async function providerFor(issuerPath: string, accounts: IdpAccount[]) {
    const idp = await startOidcProvider({ issuerPath, skipConsent: true, accounts });
    idps.push(idp);
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [rig.redirectUri] });
    return idp;
  }
  async function login(idp: OidcProviderIdp, account: string, settings: Record<string, unknown>) {
    await rig.configure({
      oidcClientId: 'crm',
      oidcClientSecret: SECRET,
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: idp.endpoints.authorization,
      oidcTokenEndpoint: idp.endpoints.token,
      oidcUserInfoEndpoint: idp.endpoints.userinfo,
      oidcJwksEndpoint: idp.endpoints.jwks,
      oidcCreateUser: true,
      ...(settings as Record<string, string>),
    });
    const browser = new ProgrammaticBrowser();
    browsers.push(browser);
    return browser.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: account });
  }

  before(async function () {
    this.timeout(60_000);
    rig = await startOidcRig();
    await rig.createTeams('CRM Admins', 'Sales', 'Everyone');
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    for (const idp of idps) await idp.stop();
  });

  it('Keycloak shape: issuer /realms/crm, roles in realm_access.roles mapped by pattern', async () => {
    const idp = await providerFor('/realms/crm', [
      { sub: 'kc-user', preferred_username: 'kc.user', realm_access: { roles: ['crm-admins', 'offline_access'] } },
    ]);
    expect(idp.issuer).to.match(/\/realms\/crm$/);
    const result = await login(idp, 'kc-user', {
      oidcUsernameClaim: 'preferred_username',
      oidcGroupClaim: 'realm_access.roles',
      oidcScopes: ['profile', 'email'],
      oidcTeams: [{ group: '^crm-(admins)$', team: 'CRM Admins', pattern: true }] as never,
    });
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(await rig.teamsOf('kc.user')).to.deep.equal(['CRM Admins']);
  });

  it('authentik shape: issuer with a trailing slash is compared exactly', async () => {
    const idp = await providerFor('/application/o/crm/', [{ sub: 'ak-user', groups: ['crm-sales'] }]);
    expect(idp.issuer.endsWith('/')).to.equal(true);
    const result = await login(idp, 'ak-user', {
      oidcUsernameClaim: 'sub',
      oidcGroupClaim: 'groups',
      oidcScopes: ['profile', 'email', 'groups'],
      oidcTeams: [{ group: 'crm-sales', team: 'Sales' }] as never,
    });
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(await rig.teamsOf('ak-user')).to.deep.equal(['Sales']);
  });

  it('Entra ID shape: a groups overage (_claim_names/_claim_sources) signs in, logs a warning and leaves teams alone', async () => {
    const idp = await providerFor('/tenant-id/v2.0', [
      {
        sub: 'entra-user',
        _claim_names: { groups: 'src1' },
        _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } },
      },
    ]);
    rig.host.logs.length = 0;
    const result = await login(idp, 'entra-user', {
      oidcUsernameClaim: 'sub',
      oidcGroupClaim: 'groups',
      oidcScopes: ['profile', 'email'],
      oidcTeams: [{ group: 'crm-sales', team: 'Sales' }] as never,
    });
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(rig.host.logs.join('\n')).to.contain('WARN_OIDC_GROUPS_OVERAGE');
    expect(await rig.teamsOf('entra-user')).to.deep.equal([]);
  });
});
