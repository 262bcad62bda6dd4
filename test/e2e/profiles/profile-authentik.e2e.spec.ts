import { expect } from 'chai';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { STANDARD_CLAIMS } from '../../support/idp/provider-config.js';
import type { OidcRig } from '../../integration/oidc/support/oidc-rig.js';
import { importFromIssuer, testLogin, type AdminPage } from './support/admin-actions.js';
import { expectSignedOutOfBoth, saveSettings, signOut, startProfile, type Profile } from './support/profile-host.js';

const SLUG = 'espocrm';
const CLIENT_ID = 'kTgIG0Wx3rTTp1lSEEGAsGMiR4vYBVbJ';
const SECRET = 'ak-client-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH';

/**
 * Seed 002 (authentik's guide for EspoCRM) reproduced with oidc-provider: issuer
 * `/application/o/<slug>/` with its trailing slash, the shared `/application/o/authorize/`, `token/` and
 * `userinfo/` endpoints, the per-application `jwks/` and `end-session/` URLs, subject mode "based on the
 * user's username" (sub = user name), `groups` (group names) released with the `profile` scope, the
 * strict redirect URI `https://<crm>/oauth-callback.php`. The admin imports from the issuer, runs a test
 * login, saves; the user signs in and out.
 */
describe('e2e profile: authentik (seed 002)', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  let admin: AdminPage;
  let profile: Profile;
  let settings: Record<string, unknown>;

  before(async function () {
    idp = await startOidcProvider({
      issuerPath: `/application/o/${SLUG}/`,
      endpointPaths: {
        authorization: '/application/o/authorize/',
        token: '/application/o/token/',
        userinfo: '/application/o/userinfo/',
        jwks: `/application/o/${SLUG}/jwks/`,
        end_session: `/application/o/${SLUG}/end-session/`,
      },
      // authentik's scope mappings: `profile` carries name, preferred_username, nickname and groups.
      claims: {
        openid: ['sub'],
        email: STANDARD_CLAIMS['email']!,
        profile: [...STANDARD_CLAIMS['profile']!, 'groups'],
      },
      accounts: [
        {
          sub: 'jdoe', // subject mode: based on the user's username
          preferred_username: 'jdoe',
          nickname: 'jdoe',
          name: 'Jane Doe',
          given_name: 'Jane Doe',
          email: 'jane.doe@example.test',
          email_verified: true,
          groups: ['authentik Admins', 'CRM Sales'],
        },
      ],
    });
    profile = await startProfile(idp, ['Sales'], {
      client_id: CLIENT_ID,
      client_secret: SECRET,
      redirectPath: '/oauth-callback.php', // "Strict" redirect URI of the guide
      token_endpoint_auth_method: 'client_secret_basic',
    });
    ({ rig, admin } = profile);
  });
  after(async () => {
    await profile?.stop();
    await idp?.stop();
  });

  it('import from issuer: the endpoints the guide lists, the issuer with its trailing slash', async () => {
    const issuer = `${idp.url.replace(/\/application\/o\/.*$/, '')}/application/o/${SLUG}/`;
    expect(idp.issuer).to.equal(issuer);
    // Without the trailing slash the issuer is another string: refused, never silently "fixed".
    const withoutSlash = await importFromIssuer(admin, issuer.slice(0, -1)).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    expect(withoutSlash).to.match(/^import from issuer: 400 .*ERR_OIDC_DISCOVERY_ISSUER_MISMATCH/);
    const answer = await importFromIssuer(admin, issuer);
    const origin = new URL(issuer).origin;
    expect(answer.values).to.include({
      oidcIssuer: issuer,
      oidcAuthorizationEndpoint: `${origin}/application/o/authorize/`,
      oidcTokenEndpoint: `${origin}/application/o/token/`,
      oidcUserInfoEndpoint: `${origin}/application/o/userinfo/`,
      oidcJwksEndpoint: `${origin}/application/o/${SLUG}/jwks/`,
    });
    expect(answer.metadata['endSessionEndpoint']).to.equal(`${origin}/application/o/${SLUG}/end-session/`);
    settings = {
      ...answer.values,
      oidcClientId: CLIENT_ID,
      oidcClientSecret: SECRET,
      oidcRedirectUriPath: '/oauth-callback.php',
      oidcScopes: ['profile', 'email'],
      oidcUsernameClaim: 'sub',
      oidcGroupClaim: 'groups',
      oidcTeams: [{ group: 'CRM Sales', team: 'Sales' }],
      oidcCreateUser: true,
      oidcSync: true,
      oidcLogoutUrl: `${origin}/application/o/${SLUG}/end-session/`,
    };
  });

  it('test login: the dry run maps the user name and the team, changes nothing', async () => {
    const { report } = await testLogin(admin, settings as never, 'jdoe');
    expect(report).to.deep.include({ ok: true, decision: 'created', userName: 'jdoe', denial: null });
    expect(report.teamsMapped).to.deep.equal(['Sales']);
    expect(report.warnings).to.deep.equal([]);
    expect(report.idTokenClaims).to.include({ iss: idp.issuer, sub: 'jdoe', aud: CLIENT_ID });
    expect(report.verification.alg).to.equal('RS256');
    expect(await rig.userByName('jdoe')).to.equal(null);
  });

  it('real login through /oauth-callback.php: user jdoe created with the Sales team, then sign-out at the end-session URL', async () => {
    await saveSettings(admin, { ...settings, authenticationMethod: 'Oidc' } as never);
    const browser = profile.userBrowser();
    const result = await browser.login(`${rig.base}/oidc/login?returnTo=%2Fhome`, { login: 'jdoe' });
    expect(result.chain.some((u) => u.startsWith(`${rig.base}/oauth-callback.php?`))).to.equal(true);
    expect(result.chain.at(-1)).to.equal(`${rig.base}/home`);
    expect(await rig.userByName('jdoe')).to.include({ name: 'Jane Doe', emailAddress: 'jane.doe@example.test' });
    expect(await rig.teamsOf('jdoe')).to.deep.equal(['Sales']);

    const { redirectUrl, landing } = await signOut(rig, browser);
    expect(redirectUrl).to.match(new RegExp(`/application/o/${SLUG}/end-session/\\?`));
    expectSignedOutOfBoth(rig, landing);
    expect((await rig.activeSessions()).filter((s) => s.user?.userName === 'jdoe')).to.deep.equal([]);
  });
});
