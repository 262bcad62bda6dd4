import { expect } from 'chai';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import type { OidcRig } from '../../integration/oidc/support/oidc-rig.js';
import { importFromIssuer, testLogin, type AdminPage } from './support/admin-actions.js';
import { expectSignedOutOfBoth, saveSettings, signOut, startProfile, type Profile } from './support/profile-host.js';

const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
const SECRET = 'Xy8Q~abcdefghijklmnopqrstuvwx.yz0123456789-AB'; // Entra secrets contain ~ and .
const SALES_GROUP = 'b6c4bd4d-9a7e-4c42-8b7f-0e9b6a3e8d11'; // Entra sends group object IDs
const SUB = 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ'; // pairwise per application
const OVERAGE = {
  groups: undefined,
  _claim_names: { groups: 'src1' },
  _claim_sources: { src1: { endpoint: `https://graph.microsoft.com/v1.0/users/${SUB}/getMemberObjects` } },
};

/**
 * Seed 004 (the EspoCRM guide for Microsoft Entra ID) reproduced with oidc-provider: the tenant issuer
 * `/<tenant-id>/v2.0`, the `oauth2/v2.0/authorize|token|logout` and `discovery/v2.0/keys` endpoints, JWKS keys
 * without `alg`, `preferred_username` as the UPN (the CRM user name), group object IDs in `groups`, and a
 * groups overage (`_claim_names`/`_claim_sources` instead of `groups`) once the user is in too many groups:
 * the user keeps their teams and the test login reports the overage.
 */
describe('e2e profile: Microsoft Entra ID (seed 004)', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let admin: AdminPage;
  let profile: Profile;
  let settings: Record<string, unknown>;

  before(async function () {
    idp = await startOidcProvider({
      issuerPath: `/${TENANT}/v2.0`,
      endpointPaths: {
        authorization: `/${TENANT}/oauth2/v2.0/authorize`,
        token: `/${TENANT}/oauth2/v2.0/token`,
        jwks: `/${TENANT}/discovery/v2.0/keys`,
        end_session: `/${TENANT}/oauth2/v2.0/logout`,
        userinfo: '/oidc/userinfo', // graph.microsoft.com/oidc/userinfo in Entra
      },
      jwksWithoutAlg: true,
      issParameter: false, // Entra sends no RFC 9207 iss and does not advertise it
      jwksKeyMembers: {
        issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        cloud_instance_name: 'microsoftonline.com',
      },
      // groups come from the app registration's groupMembershipClaims, not from a scope
      claims: {
        openid: ['sub', 'tid', 'oid', 'ver', 'groups'],
        profile: ['name', 'preferred_username'],
        email: ['email'],
      },
      accounts: [
        {
          sub: SUB,
          tid: TENANT,
          oid: '00000000-0000-0000-66f3-3332eca7ea81',
          ver: '2.0',
          preferred_username: 'AdeleV@contoso.onmicrosoft.com',
          name: 'Adele Vance',
          email: 'AdeleV@contoso.onmicrosoft.com',
          groups: [SALES_GROUP],
        },
      ],
    });
    profile = await startProfile(idp, ['Sales', 'Support'], {
      client_id: CLIENT_ID,
      client_secret: SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
    });
    ({ rig, admin } = profile);
  });
  after(async () => {
    await profile?.stop();
    await idp?.stop();
  });

  it('import from issuer: the tenant endpoints; the published keys carry no alg', async () => {
    const origin = new URL(idp.issuer).origin;
    expect(idp.issuer).to.equal(`${origin}/${TENANT}/v2.0`);
    const answer = await importFromIssuer(admin, idp.issuer);
    expect(answer.values).to.include({
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: `${origin}/${TENANT}/oauth2/v2.0/authorize`,
      oidcTokenEndpoint: `${origin}/${TENANT}/oauth2/v2.0/token`,
      oidcJwksEndpoint: `${origin}/${TENANT}/discovery/v2.0/keys`,
      oidcUserInfoEndpoint: `${origin}/oidc/userinfo`,
    });
    expect(answer.metadata['endSessionEndpoint']).to.equal(`${origin}/${TENANT}/oauth2/v2.0/logout`);
    expect(answer.metadata['authorizationResponseIssParameterSupported']).to.equal(false);
    expect(answer.warnings.map((w) => w.code)).to.include('WARN_OIDC_DISCOVERY_NO_ISS_PARAMETER');
    const jwks = (await (await fetch(`${origin}/${TENANT}/discovery/v2.0/keys`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys.length).to.be.above(0);
    for (const key of jwks.keys) expect(key, String(key['kid'])).not.to.have.property('alg');
    settings = {
      ...answer.values,
      oidcClientId: CLIENT_ID,
      oidcClientSecret: SECRET,
      oidcJwtSignatureAlgorithmList: ['RS256'],
      oidcScopes: ['profile', 'email'],
      oidcUsernameClaim: 'preferred_username',
      oidcGroupClaim: 'groups',
      oidcTeams: [{ group: SALES_GROUP, team: 'Sales' }],
      oidcSyncTeams: true,
      oidcCreateUser: true,
      oidcSync: true,
    };
  });

  it('test login: the UPN becomes the user name, the group object ID maps to Sales', async () => {
    const { report } = await testLogin(admin, settings as never, SUB);
    expect(report).to.deep.include({
      ok: true,
      decision: 'created',
      userName: 'adelev@contoso.onmicrosoft.com',
      denial: null,
    });
    expect(report.teamsMapped).to.deep.equal(['Sales']);
    expect(report.verification.alg).to.equal('RS256');
  });

  it('real login (RS256 with a JWKS key without alg): user created with the Sales team', async () => {
    await saveSettings(admin, { ...settings, authenticationMethod: 'Oidc' } as never);
    const result = await profile.userBrowser().login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: SUB });
    const callback = result.chain.find((u) => u.startsWith(`${rig.base}/oauth-callback?`))!;
    expect(new URL(callback).searchParams.has('iss'), 'no iss in the answer').to.equal(false);
    expect(result.chain.at(-1), result.response?.body.slice(0, 400)).to.equal(`${rig.base}/home`);
    expect(await rig.userByName('adelev@contoso.onmicrosoft.com')).to.include({ name: 'Adele Vance' });
    expect(await rig.teamsOf('adelev@contoso.onmicrosoft.com')).to.deep.equal(['Sales']);
  });

  it('groups overage: the test login reports it; the next sign-in keeps the user’s teams; sign-out', async () => {
    idp.updateAccount(SUB, OVERAGE);
    const { report } = await testLogin(admin, {}, SUB);
    expect(report).to.deep.include({ ok: true, decision: 'existing', denial: null });
    expect(report.idTokenClaims).not.to.have.property('groups');
    expect(report.idTokenClaims).to.have.nested.property('_claim_names.groups', 'src1');
    expect(report.warnings.map((w) => w.code)).to.include('WARN_OIDC_GROUPS_OVERAGE');
    expect(report.teamsRemoved).to.deep.equal([]);

    const browser = profile.userBrowser();
    const result = await browser.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: SUB });
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(await rig.teamsOf('adelev@contoso.onmicrosoft.com')).to.deep.equal(['Sales']);
    expect(rig.host.logs.join('\n')).to.contain('WARN_OIDC_GROUPS_OVERAGE');

    const { redirectUrl, landing } = await signOut(rig, browser);
    expect(redirectUrl).to.contain(`/${TENANT}/oauth2/v2.0/logout?`);
    expectSignedOutOfBoth(rig, landing);
  });
});
