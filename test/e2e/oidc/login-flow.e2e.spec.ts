import { expect } from 'chai';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { User, type ConfigValue } from 'crm-host/sdk';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import type { IdpClient } from '../../support/idp/idp-types.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { startOidcRig, type OidcRig } from '../../integration/oidc/support/oidc-rig.js';

const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';

/**
 * End to end against a real oidc-provider on loopback, with the programmatic browser: the extension as
 * installed in a booted host, its real token/userinfo/discovery clients, the host's HTTP server.
 */
describe('e2e: OIDC login against oidc-provider', function () {
  this.timeout(30_000);
  let idp: OidcProviderIdp;
  let rig: OidcRig;
  const browsers: ProgrammaticBrowser[] = [];

  /** Registers a client at the IdP and points the extension at it. */
  async function useClient(
    client: Partial<IdpClient> & { client_id: string },
    settings: Record<string, ConfigValue> = {},
  ) {
    await idp.addClient({ client_secret: SECRET, redirect_uris: [rig.redirectUri], ...client });
    await rig.configure({
      oidcClientId: client.client_id,
      oidcClientSecret: SECRET,
      oidcTokenEndpointAuthMethod: client.token_endpoint_auth_method ?? 'client_secret_basic',
      oidcJwtSignatureAlgorithmList: [client.id_token_signed_response_alg ?? 'RS256'],
      oidcJwksEndpoint: client.id_token_signed_response_alg === 'HS256' ? null : idp.endpoints.jwks,
      oidcClientAssertionAlgorithm: 'RS256',
      oidcClientPrivateKey: null,
      ...settings,
    });
  }
  async function login(account: string, returnTo = '/home') {
    const browser = new ProgrammaticBrowser();
    browsers.push(browser);
    const result = await browser.login(`${rig.base}/oidc/login?${new URLSearchParams({ returnTo })}`, {
      login: account,
    });
    const code = /data-code="([^"]+)"/.exec(result.response?.body ?? '')?.[1] ?? null;
    return { result, code, browser, landed: result.chain.at(-1) === `${rig.base}${returnTo}` };
  }
  async function addUser(userName: string, type: User['type'], password: string | null = null): Promise<void> {
    const em = rig.host.persistence.em();
    const user = new User();
    user.userName = userName;
    user.type = type;
    user.isActive = true;
    user.passwordHash = password ? await hashPassword(password) : null;
    em.persist(user);
    await em.flush();
  }

  before(async function () {
    this.timeout(60_000);
    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [
        {
          sub: 'alice',
          email: 'alice@example.test',
          email_verified: true,
          name: 'Alice A',
          groups: ['crm-sales', 'other'],
        },
        { sub: 'carol', email: 'carol@example.test', name: 'Carol C', groups: ['crm-support'] },
        { sub: 'root-admin', email: 'root@example.test', groups: [] },
        { sub: 'stranger', email: 'stranger@example.test' },
        { sub: 'dave', email: 'dave@example.test', name: 'Dave D', groups: ['crm-ops'] },
        ...['basic', 'post', 'secret-jwt', 'key-jwt', 'rs256', 'ps256', 'es256', 'eddsa', 'hs256'].map((s) => ({
          sub: `user-${s}`,
        })),
      ],
    });
    rig = await startOidcRig();
    await rig.createTeams('Sales', 'Support', 'Manual');
    await rig.configure({
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: idp.endpoints.authorization,
      oidcTokenEndpoint: idp.endpoints.token,
      oidcUserInfoEndpoint: idp.endpoints.userinfo,
      oidcScopes: ['profile', 'email', 'groups'],
      oidcCreateUser: true,
      oidcGroupClaim: 'groups',
      oidcTeams: [
        { group: 'crm-sales', team: 'Sales' },
        { group: 'crm-support', team: 'Support' },
      ],
    });
    await useClient({
      client_id: 'crm',
      backchannel_logout_uri: `${rig.base}/api/v1/backchannelLogout`,
      backchannel_logout_session_required: true, // sid in the ID token
    });
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    await idp?.stop();
  });

  it('first login creates the user with mapped teams and an IdP-bound session', async () => {
    const { result, landed } = await login('alice');
    expect(landed, `${result.response?.status} ${result.chain.at(-1)}`).to.equal(true);
    const user = await rig.userByName('alice');
    expect(user).to.include({ emailAddress: 'alice@example.test', name: 'Alice A', type: 'regular', isActive: true });
    expect(user?.passwordHash).to.equal(null);
    expect(await rig.teamsOf('alice')).to.deep.equal(['Sales']);
    const session = (await rig.activeSessions()).find((s) => s.user.userName === 'alice');
    expect(session).to.include({ method: 'Oidc', idpIssuer: idp.issuer, idpSub: 'alice' });
    expect(session?.idpSid).to.be.a('string');
    const me = await browsers.at(-1)!.request(`${rig.base}/api/v1/App/user`);
    expect(me.json).to.nested.include({ 'user.userName': 'alice', method: 'Oidc' });
    const log = await rig.authLog();
    expect(log.at(-1)).to.deep.equal({ result: 'success', reasonCode: null, userName: 'alice' });
  });

  it('second login syncs profile and teams (hand-assigned teams kept)', async () => {
    await rig.configure({ oidcSync: true, oidcSyncTeams: true });
    const alice = await rig.userByName('alice');
    const manual = await rig.host.persistence.knex()('teams').where({ name: 'Manual' }).first();
    await rig.host.persistence
      .knex()('team_memberships')
      .insert({
        id: 'manual-membership-alice',
        user_id: alice!.id,
        team_id: (manual as { id: string }).id,
        source: 'manual',
        created_at: new Date(),
      });
    idp.updateAccount('alice', { name: 'Alice Renamed', groups: ['crm-support'] });
    const { landed } = await login('alice');
    expect(landed).to.equal(true);
    expect(await rig.userByName('alice')).to.include({ name: 'Alice Renamed', emailAddress: 'alice@example.test' });
    expect(await rig.teamsOf('alice')).to.deep.equal(['Manual', 'Support']);
    await rig.configure({ oidcSync: false, oidcSyncTeams: false });
  });

  it('an unknown person is refused without oidcCreateUser (403, reason code, no user)', async () => {
    await rig.configure({ oidcCreateUser: false });
    try {
      const { result, code } = await login('stranger');
      expect(result.response?.status).to.equal(403);
      expect(code).to.equal('ERR_OIDC_USER_NOT_FOUND');
      expect(result.response?.body).to.contain('ask your administrator');
      expect(await rig.userByName('stranger')).to.equal(null);
      expect((await rig.authLog()).at(-1)).to.deep.include({
        result: 'failure',
        reasonCode: 'ERR_OIDC_USER_NOT_FOUND',
      });
    } finally {
      await rig.configure({ oidcCreateUser: true });
    }
  });

  it('admins sign in through the IdP only with oidcAllowAdminUser', async () => {
    await addUser('root-admin', 'admin', 'admin-password-1');
    const refused = await login('root-admin');
    expect(refused.result.response?.status).to.equal(403);
    expect(refused.code).to.equal('ERR_OIDC_ADMIN_NOT_ALLOWED');
    expect(refused.result.response?.body).to.contain('href="/"'); // the password form (fallback on by default)
    expect((await rig.authLog()).at(-1)).to.deep.equal({
      result: 'failure',
      reasonCode: 'ERR_OIDC_ADMIN_NOT_ALLOWED',
      userName: 'root-admin',
    });
    await rig.configure({ oidcAllowAdminUser: true });
    try {
      expect((await login('root-admin')).landed).to.equal(true);
    } finally {
      await rig.configure({ oidcAllowAdminUser: false });
    }
  });

  it('password fallback: admins with oidcFallback, regular users only with oidcAllowRegularUserFallback', async () => {
    await addUser('pw-regular', 'regular', 'regular-password-1');
    const passwordLogin = async (userName: string, password: string) => {
      const b = new ProgrammaticBrowser();
      browsers.push(b);
      const r = await b.request(`${rig.base}/api/v1/App/login`, {
        method: 'POST',
        body: JSON.stringify({ userName, password }),
        headers: { 'content-type': 'application/json' },
      });
      return { status: r.status, code: (r.json as { code?: string } | undefined)?.code };
    };
    expect(await passwordLogin('root-admin', 'admin-password-1')).to.include({ status: 200 });
    expect(await passwordLogin('pw-regular', 'regular-password-1')).to.deep.equal({
      status: 403,
      code: 'ERR_OIDC_REGULAR_FALLBACK_DISABLED',
    });
    await rig.configure({ oidcAllowRegularUserFallback: true });
    expect(await passwordLogin('pw-regular', 'regular-password-1')).to.include({ status: 200 });
    await rig.configure({ oidcFallback: false, oidcAllowRegularUserFallback: false, oidcAllowAdminUser: true });
    try {
      expect(await passwordLogin('root-admin', 'admin-password-1')).to.deep.equal({
        status: 403,
        code: 'ERR_OIDC_FALLBACK_DISABLED',
      });
      const data = await new ProgrammaticBrowser().request(`${rig.base}/api/v1/App/loginData`);
      expect(data.json).to.include({ method: 'Oidc', startUrl: '/oidc/login', fallback: false });
    } finally {
      await rig.configure({ oidcFallback: true, oidcAllowAdminUser: false });
    }
  });

  describe('client authentication methods', () => {
    after(() => useClient({ client_id: 'crm' }));

    it('client_secret_basic', async () => {
      await useClient({ client_id: 'crm-basic', token_endpoint_auth_method: 'client_secret_basic' });
      expect((await login('user-basic')).landed).to.equal(true);
    });
    it('client_secret_post', async () => {
      await useClient({ client_id: 'crm-post', token_endpoint_auth_method: 'client_secret_post' });
      expect((await login('user-post')).landed).to.equal(true);
    });
    it('client_secret_jwt (HS256 assertion)', async () => {
      await useClient(
        {
          client_id: 'crm-secret-jwt',
          token_endpoint_auth_method: 'client_secret_jwt',
          token_endpoint_auth_signing_alg: 'HS256',
        },
        { oidcClientAssertionAlgorithm: 'HS256' },
      );
      expect((await login('user-secret-jwt')).landed).to.equal(true);
    });
    it('private_key_jwt (ES256 assertion)', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid: 'crm-key-1', alg: 'ES256', use: 'sig' };
      await useClient(
        {
          client_id: 'crm-key-jwt',
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          jwks: { keys: [jwk] },
        },
        {
          oidcClientAssertionAlgorithm: 'ES256',
          oidcClientPrivateKey: await exportPKCS8(privateKey),
          oidcClientPrivateKeyId: 'crm-key-1',
        },
      );
      expect((await login('user-key-jwt')).landed).to.equal(true);
    });
  });

  describe('ID token algorithms', () => {
    after(() => useClient({ client_id: 'crm' }));
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'] as const) {
      it(`${alg} ID tokens`, async () => {
        await useClient({ client_id: `crm-${alg.toLowerCase()}`, id_token_signed_response_alg: alg });
        const { landed, result } = await login(`user-${alg.toLowerCase()}`);
        expect(
          landed,
          `${result.response?.status} ${/data-code="([^"]+)"/.exec(result.response?.body ?? '')?.[1]}`,
        ).to.equal(true);
      });
    }
  });
  it('oidcCreateMissingTeams: the sign-in creates the missing team and the audit log names it', async () => {
    await rig.configure({
      oidcCreateMissingTeams: true,
      oidcTeams: [
        { group: 'crm-sales', team: 'Sales' },
        { group: 'crm-ops', team: 'Ops' },
      ],
    });
    try {
      const { result, landed } = await login('dave');
      expect(landed, `${result.response?.status} ${result.chain.at(-1)}`).to.equal(true);
      expect(await rig.teamsOf('dave')).to.deep.equal(['Ops']);
      const row = (await rig.host.persistence
        .knex()('auth_log_records')
        .where({ user_name: 'dave', result: 'success' })
        .first()) as { detail: string | null };
      expect(row.detail).to.equal('teams created: Ops');
      const admin = await rig.host.persistence.knex()('auth_log_records').where({ user_name: 'alice' }).first();
      expect((admin as { detail: string | null }).detail).to.equal(null);
    } finally {
      await rig.configure({
        oidcCreateMissingTeams: false,
        oidcTeams: [
          { group: 'crm-sales', team: 'Sales' },
          { group: 'crm-support', team: 'Support' },
        ],
      });
    }
  });
});
