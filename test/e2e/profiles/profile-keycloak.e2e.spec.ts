import { expect } from 'chai';
import { exportJWK, generateKeyPair } from 'jose';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import type { OidcRig } from '../../integration/oidc/support/oidc-rig.js';
import { importFromIssuer, testLogin, type AdminPage } from './support/admin-actions.js';
import { expectSignedOutOfBoth, saveSettings, signOut, startProfile, type Profile } from './support/profile-host.js';

const REALM = 'crm';
const CLIENT_ID = 'crm-client';
const SECRET = 'kc-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF';
const SUB = 'f5d4a2a1-6a84-4b7a-9b1f-63f0a8c1e2d4'; // Keycloak user id

/**
 * A Keycloak realm reproduced with oidc-provider: issuer `/realms/<realm>`, the
 * `protocol/openid-connect/auth|token|userinfo|certs|logout` endpoints, a confidential client with
 * `client_secret_post` (Keycloak's "Client secret sent as post"), realm roles in `realm_access.roles`
 * (the realm-roles mapper with "Add to ID token" on) mapped to teams through the dot-path group claim.
 */
describe('e2e profile: Keycloak', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let admin: AdminPage;
  let profile: Profile;
  let settings: Record<string, unknown>;
  const base = `/realms/${REALM}/protocol/openid-connect`;

  before(async function () {
    // Keycloak's certs endpoint also lists the realm's encryption key (use: enc, alg: RSA-OAEP).
    const encryption = await exportJWK((await generateKeyPair('RSA-OAEP', { extractable: true })).publicKey);
    idp = await startOidcProvider({
      issuerPath: `/realms/${REALM}`,
      endpointPaths: {
        authorization: `${base}/auth`,
        token: `${base}/token`,
        userinfo: `${base}/userinfo`,
        jwks: `${base}/certs`,
        end_session: `${base}/logout`,
      },
      jwksExtraKeys: [{ ...encryption, kid: 'kc-enc-key', use: 'enc', alg: 'RSA-OAEP' }],
      accounts: [
        {
          sub: SUB,
          typ: 'ID', // Keycloak's ID tokens carry a `typ` claim (not the header)
          azp: CLIENT_ID,
          preferred_username: 'kc.user',
          name: 'Kim Cole',
          given_name: 'Kim',
          family_name: 'Cole',
          email: 'kim.cole@example.test',
          email_verified: true,
          realm_access: { roles: ['default-roles-crm', 'offline_access', 'crm-managers', 'crm-support'] },
        },
      ],
    });
    profile = await startProfile(idp, ['Managers', 'Support'], {
      client_id: CLIENT_ID,
      client_secret: SECRET,
      token_endpoint_auth_method: 'client_secret_post',
    });
    ({ rig, admin } = profile);
  });
  after(async () => {
    await profile?.stop();
    await idp?.stop();
  });

  it('import from issuer: the realm endpoints', async () => {
    const origin = new URL(idp.issuer).origin;
    expect(idp.issuer).to.equal(`${origin}/realms/${REALM}`);
    const answer = await importFromIssuer(admin, idp.issuer);
    expect(answer.values).to.include({
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: `${origin}${base}/auth`,
      oidcTokenEndpoint: `${origin}${base}/token`,
      oidcUserInfoEndpoint: `${origin}${base}/userinfo`,
      oidcJwksEndpoint: `${origin}${base}/certs`,
    });
    expect(answer.metadata['endSessionEndpoint']).to.equal(`${origin}${base}/logout`);
    const certs = (await (await fetch(`${origin}${base}/certs`)).json()) as { keys: Array<{ use?: string }> };
    expect(certs.keys.map((k) => k.use)).to.include.members(['sig', 'enc']);
    settings = {
      ...answer.values,
      oidcClientId: CLIENT_ID,
      oidcClientSecret: SECRET,
      oidcTokenEndpointAuthMethod: 'client_secret_post',
      oidcScopes: ['profile', 'email'],
      oidcUsernameClaim: 'preferred_username',
      oidcGroupClaim: 'realm_access.roles',
      oidcTeams: [
        { group: '^crm-(managers)$', team: 'Managers', pattern: true },
        { group: 'crm-support', team: 'Support' },
      ],
      oidcCreateUser: true,
      oidcSync: true,
    };
  });

  it('test login: realm roles from realm_access.roles map to two teams', async () => {
    const { report } = await testLogin(admin, settings as never, SUB);
    expect(report).to.deep.include({ ok: true, decision: 'created', userName: 'kc.user', denial: null });
    expect([...report.teamsMapped].sort()).to.deep.equal(['Managers', 'Support']);
    expect(report.idTokenClaims).to.have.nested.property('realm_access.roles').that.includes('crm-managers');
    expect(report.idTokenClaims).to.include({ typ: 'ID', azp: CLIENT_ID });
    expect(report.warnings).to.deep.equal([]);
  });

  it('real login with client_secret_post, then sign-out at the realm logout endpoint', async () => {
    await saveSettings(admin, { ...settings, authenticationMethod: 'Oidc' } as never);
    const browser = profile.userBrowser();
    const t0 = Date.now();
    const result = await browser.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: SUB });
    expect(result.chain.at(-1), result.response?.body.slice(0, 400)).to.equal(`${rig.base}/home`);
    expect(idp.eventLog.filter((e) => e.name === 'grant.success' && e.at >= t0)).to.have.length(1);
    expect(await rig.userByName('kc.user')).to.include({ name: 'Kim Cole', emailAddress: 'kim.cole@example.test' });
    expect(await rig.teamsOf('kc.user')).to.deep.equal(['Managers', 'Support']);

    const { redirectUrl, landing } = await signOut(rig, browser);
    expect(redirectUrl).to.contain(`${base}/logout?`);
    expectSignedOutOfBoth(rig, landing);
  });
});
