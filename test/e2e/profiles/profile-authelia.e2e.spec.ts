import { expect } from 'chai';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import type { OidcRig } from '../../integration/oidc/support/oidc-rig.js';
import { importFromIssuer, testLogin, type AdminPage } from './support/admin-actions.js';
import { expectSignedOutOfBoth, saveSettings, signOut, startProfile, type Profile } from './support/profile-host.js';

const CLIENT_ID = 'espocrm';
const SECRET = 'insecure_secret'; // the guide's example secret

/**
 * Seed 003 (Authelia's guide for EspoCRM) reproduced with oidc-provider: issuer at the origin, endpoints
 * `/api/oidc/authorization`, `/api/oidc/token`, `/api/oidc/userinfo` and `/jwks.json`, the client with
 * `client_secret_basic`, `userinfo_signed_response_alg: none` (plain JSON userinfo) and the redirect URI
 * `https://<crm>/oauth-callback.php`. As Authelia does, the ID token carries only `sub` and the protocol
 * claims (`conformIdTokenClaims`, and no `claims` request parameter as in Authelia 4.38): the user name,
 * name, email and groups come from userinfo.
 */
describe('e2e profile: Authelia (seed 003)', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let admin: AdminPage;
  let profile: Profile;
  let settings: Record<string, unknown>;
  const SUB = '4a8ad4f8-6e93-4a0c-9c61-3bd0b7b7a5d1'; // Authelia's opaque subject identifier

  before(async function () {
    idp = await startOidcProvider({
      conformIdTokenClaims: true,
      // Authelia 4.38 (the guide's version) has no `claims` request parameter: the group claim the CRM asks
      // for in the ID token is not granted there, only by scope at userinfo.
      configuration: { features: { claimsParameter: { enabled: false } } },
      endpointPaths: {
        authorization: '/api/oidc/authorization',
        token: '/api/oidc/token',
        userinfo: '/api/oidc/userinfo',
        jwks: '/jwks.json',
      },
      accounts: [
        {
          sub: SUB,
          preferred_username: 'john',
          name: 'John Doe',
          email: 'john.doe@example.test',
          email_verified: true,
          groups: ['admins', 'crm-sales'],
        },
      ],
    });
    profile = await startProfile(idp, ['sales'], {
      client_id: CLIENT_ID,
      client_name: 'EspoCRM',
      client_secret: SECRET,
      redirectPath: '/oauth-callback.php',
      token_endpoint_auth_method: 'client_secret_basic',
      userinfo_signed_response_alg: 'none',
    });
    ({ rig, admin } = profile);
  });
  after(async () => {
    await profile?.stop();
    await idp?.stop();
  });

  it('import from issuer: the endpoints the guide lists', async () => {
    const answer = await importFromIssuer(admin, idp.issuer);
    expect(answer.values).to.include({
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: `${idp.issuer}/api/oidc/authorization`,
      oidcTokenEndpoint: `${idp.issuer}/api/oidc/token`,
      oidcUserInfoEndpoint: `${idp.issuer}/api/oidc/userinfo`,
      oidcJwksEndpoint: `${idp.issuer}/jwks.json`,
    });
    settings = {
      ...answer.values,
      oidcClientId: CLIENT_ID,
      oidcClientSecret: SECRET,
      oidcTokenEndpointAuthMethod: 'client_secret_basic',
      oidcRedirectUriPath: '/oauth-callback.php',
      oidcScopes: ['profile', 'email', 'groups'],
      oidcUsernameClaim: 'preferred_username',
      oidcGroupClaim: 'groups',
      oidcTeams: [{ group: '^crm-(.+)$', team: '$1', pattern: true }],
      oidcCreateUser: true,
      oidcSync: true,
      oidcAllowRegularUserFallback: false,
    };
  });

  it('test login: the ID token has only sub and protocol claims; user name, profile and groups come from userinfo', async () => {
    const { report } = await testLogin(admin, settings as never, SUB);
    expect(report).to.deep.include({ ok: true, decision: 'created', userName: 'john', denial: null });
    expect(report.teamsMapped).to.deep.equal(['sales']);
    expect(report.warnings).to.deep.equal([]);
    for (const claim of ['preferred_username', 'name', 'email', 'groups'])
      expect(report.idTokenClaims, claim).not.to.have.property(claim);
    expect(report.idTokenClaims).to.include({ sub: SUB, iss: idp.issuer, aud: CLIENT_ID });
    expect(report.userInfoClaims).to.deep.include({
      sub: SUB,
      preferred_username: 'john',
      name: 'John Doe',
      email: 'john.doe@example.test',
      groups: ['admins', 'crm-sales'],
    });
    expect(await rig.userByName('john')).to.equal(null);
  });

  it('real login with client_secret_basic and plain-JSON userinfo through /oauth-callback.php, then sign-out', async () => {
    await saveSettings(admin, { ...settings, authenticationMethod: 'Oidc' } as never);
    const t0 = Date.now();
    const browser = profile.userBrowser();
    const result = await browser.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: SUB });
    expect(result.chain.some((u) => u.startsWith(`${rig.base}/oauth-callback.php?`))).to.equal(true);
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(await rig.userByName('john')).to.include({ name: 'John Doe', emailAddress: 'john.doe@example.test' });
    expect(await rig.teamsOf('john')).to.deep.equal(['sales']);
    expect(idp.eventLog.filter((e) => e.name === 'userinfo.error' && e.at >= t0)).to.deep.equal([]);

    const { landing } = await signOut(rig, browser);
    expectSignedOutOfBoth(rig, landing);
  });
});
