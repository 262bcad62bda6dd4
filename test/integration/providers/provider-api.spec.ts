import { expect } from 'chai';
import { AuthToken, TYPES, User, type AuthTokenManager } from 'crm-host/sdk';
import { forEachDatabase } from 'crm-host/testing';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { PortalService } from 'crm-host/internal/portals/portal-service';
import { startOidcRig, type OidcRig } from '../oidc/support/oidc-rig.js';

/** A JSON answer: values, `fields` (per-field messages) and `code` of a refusal. */
type Body = Record<string, unknown> & { fields: Record<string, string>; code?: string; redirectUris?: string[] };

const ISSUER = 'https://idp.example.com/realms/portal';
const VALID = {
  name: 'Partner IdP',
  oidcClientId: 'partner-portal',
  oidcClientSecret: 'a-secret-value-that-is-long-enough',
  oidcIssuer: ISSUER,
  oidcAuthorizationEndpoint: `${ISSUER}/auth`,
  oidcTokenEndpoint: `${ISSUER}/token`,
  oidcJwksEndpoint: `${ISSUER}/certs`,
};

/** `/api/v1/AuthenticationProvider`: admin CRUD validated like the CRM settings, secrets never returned. */
forEachDatabase('providers: authentication provider admin API', (db) => {
  let rig: OidcRig;
  let headers: Record<string, string>;

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Body }> {
    const response = await fetch(`${rig.base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Body };
  }

  before(async function () {
    this.timeout(60_000);
    rig = await startOidcRig({ databaseUrl: await db.createUrl(), settings: { authenticationMethod: 'Password' } });
    const em = rig.host.persistence.em();
    em.persist(
      Object.assign(new User(), { userName: 'root', type: 'admin', passwordHash: await hashPassword('root-pass-123') }),
    );
    await em.flush();
    const signIn = await fetch(`${rig.base}/api/v1/App/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'root', password: 'root-pass-123' }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('crm_session='))!
      .split(';')[0]!;
    headers = { cookie, 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken };
  });
  after(async () => rig?.stop());

  it('creates a provider; the secret is never returned, only whether it is set; unset fields show the defaults', async () => {
    const created = await call('POST', '/api/v1/AuthenticationProvider', VALID);
    expect(created.status, JSON.stringify(created.json)).to.equal(201);
    expect(created.json).to.include({
      name: 'Partner IdP',
      method: 'Oidc',
      oidcClientId: 'partner-portal',
      oidcUsernameClaim: 'sub',
    });
    expect(created.json['oidcClientSecret']).to.deep.equal({ isSet: true });
    expect(created.json['oidcClientPrivateKey']).to.deep.equal({ isSet: false });
    expect(created.json['oidcJwtSignatureAlgorithmList']).to.deep.equal(['RS256']);
    expect(JSON.stringify(created.json)).not.to.contain(VALID.oidcClientSecret);
    const listed = await call('GET', '/api/v1/AuthenticationProvider');
    expect(JSON.stringify(listed.json)).not.to.contain(VALID.oidcClientSecret);
    expect(created.json['oidcTeams'], 'forced-off fields are not part of a provider').to.equal(undefined);
  });

  it('refuses what a sign-in would refuse, naming every field: https rule, algorithm list, required fields, client auth needs', async () => {
    const refused = await call('POST', '/api/v1/AuthenticationProvider', {
      name: 'Bad',
      oidcIssuer: 'http://idp.example.com',
      oidcAuthorizationEndpoint: `${ISSUER}/auth`,
      oidcTokenEndpoint: `${ISSUER}/token`,
      oidcJwksEndpoint: `${ISSUER}/certs`,
      oidcJwtSignatureAlgorithmList: ['RS256'],
    });
    expect(refused.status).to.equal(400);
    expect(refused.json['code']).to.equal('ERR_PROVIDER_INVALID');
    expect(Object.keys(refused.json['fields'])).to.include.members(['oidcIssuer', 'oidcClientId', 'oidcClientSecret']);
    expect(refused.json['fields']['oidcIssuer']).to.contain('https');

    const shape = await call('POST', '/api/v1/AuthenticationProvider', {
      ...VALID,
      oidcJwtSignatureAlgorithmList: ['RS256', 'none'],
      oidcTokenEndpointAuthMethod: 'telepathy',
      oidcCreateUser: 'yes',
      oidcSyncTeams: true,
      oidcAllowAdminUser: true,
      whatever: 1,
    });
    expect(shape.status).to.equal(400);
    expect(Object.keys(shape.json['fields'])).to.have.members([
      'oidcJwtSignatureAlgorithmList',
      'oidcTokenEndpointAuthMethod',
      'oidcCreateUser',
      'oidcSyncTeams',
      'oidcAllowAdminUser',
      'whatever',
    ]);
    expect(shape.json['fields']['oidcAllowAdminUser']).to.contain('always off');

    const hs = await call('POST', '/api/v1/AuthenticationProvider', {
      ...VALID,
      oidcClientSecret: null,
      oidcTokenEndpointAuthMethod: 'private_key_jwt',
      oidcJwtSignatureAlgorithmList: ['HS256'],
      oidcJwksEndpoint: null,
    });
    expect(Object.keys(hs.json['fields'])).to.have.members(['oidcClientSecret', 'oidcClientPrivateKey']);
  });

  it('secrets: absent keeps, a value replaces, null unsets (then refused when the auth method needs one)', async () => {
    const { json } = await call('POST', '/api/v1/AuthenticationProvider', VALID);
    const id = json['id'] as string;
    const renamed = await call('PATCH', `/api/v1/AuthenticationProvider/${id}`, {
      name: 'Renamed',
      oidcClientSecret: { isSet: true },
    });
    expect(renamed.status).to.equal(200);
    expect(renamed.json['oidcClientSecret']).to.deep.equal({ isSet: true });
    const unset = await call('PATCH', `/api/v1/AuthenticationProvider/${id}`, { oidcClientSecret: null });
    expect(unset.status).to.equal(400);
    expect(Object.keys(unset.json['fields'])).to.deep.equal(['oidcClientSecret']);
    const publicClient = await call('PATCH', `/api/v1/AuthenticationProvider/${id}`, {
      oidcClientSecret: null,
      oidcTokenEndpointAuthMethod: 'private_key_jwt',
      oidcClientPrivateKey: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----',
    });
    expect(publicClient.status, JSON.stringify(publicClient.json)).to.equal(200);
    expect(publicClient.json['oidcClientSecret']).to.deep.equal({ isSet: false });
    expect(publicClient.json['oidcClientPrivateKey']).to.deep.equal({ isSet: true });
  });

  it('lists one redirect URI and one back-channel URI per linked portal; deleting unlinks portals and ends its sessions', async () => {
    const { json } = await call('POST', '/api/v1/AuthenticationProvider', { ...VALID, name: 'Linked' });
    const id = json['id'] as string;
    const portals = new PortalService(rig.host.persistence);
    const a = await portals.create({ name: 'A', urlId: 'alpha', authenticationProviderId: id });
    await portals.create({ name: 'B', urlId: 'beta', authenticationProviderId: id });
    const read = await call('GET', `/api/v1/AuthenticationProvider/${id}`);
    expect(read.json['redirectUris']).to.deep.equal([
      `${rig.base}/portal/alpha/oauth-callback`,
      `${rig.base}/portal/beta/oauth-callback`,
    ]);
    expect(read.json['backchannelLogoutUris']).to.deep.equal([
      `${rig.base}/portal/alpha/backchannelLogout`,
      `${rig.base}/portal/beta/backchannelLogout`,
    ]);
    const root = (await rig.userByName('root'))!;
    const tokens = rig.host.container.get<AuthTokenManager>(TYPES.AuthTokenManager);
    const { session } = await tokens.create({
      userId: root.id,
      method: 'Oidc',
      idp: { issuer: ISSUER, sub: 'x', providerId: id },
    });
    expect((await call('DELETE', `/api/v1/AuthenticationProvider/${id}`)).status).to.equal(200);
    expect((await portals.get(a.id)).authenticationProviderId).to.equal(null);
    expect((await rig.host.persistence.em().findOne(AuthToken, { id: session.id }))?.isActive).to.equal(false);
    expect((await call('GET', `/api/v1/AuthenticationProvider/${id}`)).status).to.equal(404);
  });

  it('back channel: a token whose issuer and audience match several configurations is refused as ambiguous; none matching too', async () => {
    await call('POST', '/api/v1/AuthenticationProvider', { ...VALID, name: 'Twin 1' });
    await call('POST', '/api/v1/AuthenticationProvider', { ...VALID, name: 'Twin 2' });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = (aud: string) =>
      `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: ISSUER, aud, sub: 's', jti: 'j', iat: 1, events: {} })}.${b64('sig')}`;
    const post = async (t: string) => {
      const r = await fetch(`${rig.base}/api/v1/backchannelLogout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: t }).toString(),
      });
      return { status: r.status, code: ((await r.json()) as { code: string }).code };
    };
    expect(await post(token('partner-portal'))).to.deep.equal({
      status: 400,
      code: 'ERR_LOGOUT_CONFIGURATION_AMBIGUOUS',
    });
    expect(await post(token('someone-else'))).to.deep.equal({
      status: 400,
      code: 'ERR_LOGOUT_NO_MATCHING_CONFIGURATION',
    });
  });

  it('is for admins only', async () => {
    const anonymous = await fetch(`${rig.base}/api/v1/AuthenticationProvider`);
    expect(anonymous.status).to.equal(401);
  });
});
