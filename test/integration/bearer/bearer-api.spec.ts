import { expect } from 'chai';
import { AuthLogRecord, AuthToken, type User } from 'crm-host/sdk';
import { createUser, startOidcHttp, type OidcHttpFixture } from '../logout/support/oidc-http.js';

const AUDIENCE = 'https://crm.example.com/api';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  wwwAuthenticate: string | null;
  setCookie: string[];
}

/** Issue 5 acceptance 3: API requests authenticated by the IdP's JWT access tokens. */
describe('bearer: API access with JWT access tokens', function () {
  this.timeout(20_000);
  let fx: OidcHttpFixture;
  let alice: User;

  before(async function () {
    this.timeout(60_000);
    fx = await startOidcHttp({
      settings: { oidcApiBearerEnabled: true, oidcApiAudience: AUDIENCE, oidcApiScopes: ['crm.read'] },
    });
    alice = await createUser(fx.host, 'alice', { link: { issuer: fx.op.issuer, sub: 'alice-sub' } });
    await createUser(fx.host, 'root', { type: 'admin', link: { issuer: fx.op.issuer, sub: 'root-sub' } });
  });
  after(async () => fx?.close());
  beforeEach(() => fx.op.reset());

  async function call(authorization: string): Promise<Answer> {
    const response = await fetch(fx.url('/api/v1/App/user'), { headers: { authorization } });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      wwwAuthenticate: response.headers.get('www-authenticate'),
      setCookie: response.headers.getSetCookie(),
    };
  }

  const accessToken = (input: Parameters<OidcHttpFixture['op']['signAccessToken']>[0] = {}) =>
    fx.op.signAccessToken({ sub: 'alice-sub', audience: AUDIENCE, scope: 'openid crm.read', ...input });

  function expectRefused(answer: Answer, code: string): void {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(401);
    expect(answer.body['code']).to.equal(code);
    expect(answer.wwwAuthenticate).to.equal(`Bearer error="invalid_token", error_description="${code}"`);
  }

  it('accepts a valid access token: the linked user, method Oidc.bearer, no session, no CSRF token', async () => {
    const sessionsBefore = await fx.host.persistence.em().count(AuthToken, {});
    const logBefore = await fx.host.persistence.em().count(AuthLogRecord, {});
    const answer = await call(`Bearer ${await accessToken()}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.body['method']).to.equal('Oidc.bearer');
    expect((answer.body['user'] as Record<string, unknown>)['id']).to.equal(alice.id);
    expect(answer.body['csrfToken']).to.equal(null);
    expect(answer.setCookie).to.deep.equal([]);
    expect(await fx.host.persistence.em().count(AuthToken, {}), 'no session').to.equal(sessionsBefore);
    expect(await fx.host.persistence.em().count(AuthLogRecord, {}), 'no write per request').to.equal(logBefore);
  });

  it('accepts the scheme case-insensitively and scopes from scp as well', async () => {
    const token = await accessToken({ scope: 'openid', claims: { scp: ['crm.read'] } });
    expect((await call(`bearer ${token}`)).status).to.equal(200);
  });

  it('keycloak-access-token-azp-is-the-client-not-the-api: aud [api, account], azp = the client id', async () => {
    // Keycloak's shape: the API is an audience (audience mapper), azp names the client that asked for the
    // token, no client_id. The ID-token azp rule (azp must be the audience) refused it before.
    const keycloak = {
      aud: [AUDIENCE, 'account'],
      azp: 'crm-frontend',
      client_id: undefined,
      typ: 'Bearer',
      sid: 's-1',
    };
    const token = await accessToken({ claims: keycloak });
    const answer = await call(`Bearer ${token}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect((answer.body['user'] as Record<string, unknown>)['id']).to.equal(alice.id);
    const single = await accessToken({ claims: { azp: 'crm-frontend', client_id: undefined } });
    expect((await call(`Bearer ${single}`)).status, 'aud as a string').to.equal(200);
  });

  it('oidcApiAllowedClients: only tokens whose client_id or azp is listed (ERR_BEARER_CLIENT_NOT_ALLOWED)', async () => {
    await fx.host.config.set({ oidcApiAllowedClients: ['crm-frontend', 'reporting'] });
    try {
      const byAzp = await accessToken({ claims: { azp: 'crm-frontend', client_id: undefined } });
      expect((await call(`Bearer ${byAzp}`)).status).to.equal(200);
      const byClientId = await accessToken({ clientId: 'reporting' });
      expect((await call(`Bearer ${byClientId}`)).status).to.equal(200);
      const other = await accessToken({ claims: { azp: 'mallory-app', client_id: 'mallory-app' } });
      expectRefused(await call(`Bearer ${other}`), 'ERR_BEARER_CLIENT_NOT_ALLOWED');
      const none = await accessToken({ claims: { client_id: undefined } });
      expectRefused(await call(`Bearer ${none}`), 'ERR_BEARER_CLIENT_NOT_ALLOWED');
    } finally {
      await fx.host.config.set({ oidcApiAllowedClients: [] });
    }
  });

  it('refuses an expired token (ERR_JWT_EXPIRED)', async () => {
    expectRefused(await call(`Bearer ${await accessToken({ defects: ['expired'] })}`), 'ERR_JWT_EXPIRED');
  });

  it('refuses a token for another audience (ERR_JWT_CLAIM_INVALID)', async () => {
    expectRefused(await call(`Bearer ${await accessToken({ audience: 'other-api' })}`), 'ERR_JWT_CLAIM_INVALID');
  });

  it('refuses a token of another issuer (ERR_JWT_CLAIM_INVALID)', async () => {
    expectRefused(await call(`Bearer ${await accessToken({ defects: ['wrong-iss'] })}`), 'ERR_JWT_CLAIM_INVALID');
  });

  it('refuses a token without a required scope (ERR_BEARER_SCOPE_MISSING)', async () => {
    expectRefused(await call(`Bearer ${await accessToken({ scope: 'openid crm.write' })}`), 'ERR_BEARER_SCOPE_MISSING');
  });

  it('refuses an ID token used as an access token (typ JWT: ERR_JWT_TYP_INVALID)', async () => {
    const idToken = await fx.op.signIdToken({
      sub: 'alice-sub',
      nonce: 'n-1',
      claims: { aud: AUDIENCE, scope: 'crm.read' },
    });
    expectRefused(await call(`Bearer ${idToken}`), 'ERR_JWT_TYP_INVALID');
  });

  it('refuses an ID token even when it is typed at+jwt, by its nonce (ERR_BEARER_ID_TOKEN)', async () => {
    const idToken = await fx.op.signIdToken({
      sub: 'alice-sub',
      nonce: 'n-1',
      claims: { aud: AUDIENCE, scope: 'crm.read' },
      defects: ['typ-at+jwt'],
    });
    expectRefused(await call(`Bearer ${idToken}`), 'ERR_BEARER_ID_TOKEN');
  });

  it('refuses an HS256 token keyed with the public RSA key (ERR_JWT_ALG_NOT_ALLOWED)', async () => {
    expectRefused(
      await call(`Bearer ${await accessToken({ defects: ['hs256-with-public-key'] })}`),
      'ERR_JWT_ALG_NOT_ALLOWED',
    );
  });

  it('refuses alg none and a bad signature', async () => {
    expectRefused(
      await call(`Bearer ${await accessToken({ defects: ['bad-signature'] })}`),
      'ERR_JWT_SIGNATURE_INVALID',
    );
    expect((await call(`Bearer ${await accessToken({ defects: ['alg-none'] })}`)).status).to.equal(401);
  });

  it('refuses an opaque token with a clear WWW-Authenticate error (ERR_BEARER_TOKEN_OPAQUE)', async () => {
    expectRefused(await call('Bearer 2YotnFZFEjr1zCsicMWpAA'), 'ERR_BEARER_TOKEN_OPAQUE');
  });

  it('refuses a subject with no CRM user, and an admin while oidcAllowAdminUser is off', async () => {
    expectRefused(await call(`Bearer ${await accessToken({ sub: 'stranger' })}`), 'ERR_BEARER_USER_UNKNOWN');
    expectRefused(await call(`Bearer ${await accessToken({ sub: 'root-sub' })}`), 'ERR_BEARER_USER_NOT_ALLOWED');
  });

  it('does nothing while oidcApiBearerEnabled is off (plain 401 ERR_AUTH_REQUIRED)', async () => {
    await fx.host.config.set({ oidcApiBearerEnabled: false });
    try {
      const answer = await call(`Bearer ${await accessToken()}`);
      expect(answer.status).to.equal(401);
      expect(answer.body['code']).to.equal('ERR_AUTH_REQUIRED');
    } finally {
      await fx.host.config.set({ oidcApiBearerEnabled: true });
    }
  });

  it('leaves other schemes to the host (Basic is not ours)', async () => {
    const answer = await call('Basic YWxpY2U6eA==');
    expect(answer.status).to.equal(401);
    expect(answer.body['code']).to.equal('ERR_AUTH_REQUIRED');
  });

  it('a deactivated user is refused once the cached entry is dropped (session end in this process)', async () => {
    const user = await createUser(fx.host, 'carol', { link: { issuer: fx.op.issuer, sub: 'carol-sub' } });
    const token = await accessToken({ sub: 'carol-sub' });
    expect((await call(`Bearer ${token}`)).status).to.equal(200);
    await fx.host.persistence.em().nativeUpdate('User', { id: user.id }, { isActive: false });
    // A sign-out of one of carol's sessions tells the SessionListeners, which drop her cached entry.
    const { token: session } = await fx.tokens.create({ userId: user.id, method: 'Password' });
    await fx.host.persistence.em().nativeUpdate('User', { id: user.id }, { isActive: true });
    const me = (await (
      await fetch(fx.url('/api/v1/App/user'), { headers: { cookie: `crm_session=${session}` } })
    ).json()) as {
      csrfToken: string;
    };
    await fetch(fx.url('/api/v1/App/destroyAuthToken'), {
      method: 'POST',
      headers: { cookie: `crm_session=${session}`, 'x-csrf-token': me.csrfToken },
    });
    await fx.host.persistence.em().nativeUpdate('User', { id: user.id }, { isActive: false });
    const answer = await call(`Bearer ${token}`);
    expect(answer.status).to.equal(401);
    expect(answer.body['code']).to.equal('ERR_BEARER_USER_NOT_ALLOWED');
  });
});
