import { expect } from 'chai';
import { TYPES, type AuthTokenManager, type User } from 'crm-host/sdk';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { decodeJwt } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { LOGOUT_STATE_COOKIE } from '../../../src/logout/logout-state.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { bootOidcHost } from '../../support/oidc-host.js';
import { expectOidcLoginMethodBound, createUser } from '../../integration/logout/support/oidc-http.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';

const CLIENT_ID = 'crm';
const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';
const AUDIENCE = 'https://crm.example.test/api';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const b64url = (buffer: Buffer): string => buffer.toString('base64url');

/**
 * Issue 5 acceptance 1 with a real oidc-provider: RP-initiated logout ends the host session and the IdP
 * session, and the IdP's back-channel call, received by a SECOND host process sharing the database, ends
 * the other sessions of the same IdP session. The sign-in itself is done at the IdP with the programmatic
 * browser and a code exchange in the test (the extension's own callback lives in the oidc-flow domain);
 * the host sessions are then created the way the callback creates them.
 */
forEachDatabase('e2e: logout and bearer access with oidc-provider and two host processes', (db) => {
  let idp: OidcProviderIdp;
  let hostA: TestHost;
  let serverA: RunningServer;
  let hostB: HostProcess;
  let siteUrl: string;
  let alice: User;

  before(async function () {
    this.timeout(120_000);
    const databaseUrl = await db.createUrl();
    const port = await freePort();
    siteUrl = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({
      accounts: [{ sub: 'alice', email: 'alice@example.test', email_verified: true, name: 'Alice A' }],
      skipConsent: true,
      apiResource: { audience: AUDIENCE, scopes: ['crm.read'] },
    });
    hostA = await bootOidcHost(withHttp({ siteUrl, databaseUrl }));
    await hostA.config.set({
      oidcClientId: CLIENT_ID,
      oidcClientSecret: SECRET,
      oidcIssuer: idp.issuer,
      oidcAuthorizationEndpoint: idp.endpoints.authorization,
      oidcTokenEndpoint: idp.endpoints.token,
      oidcJwksEndpoint: idp.endpoints.jwks,
      oidcApiBearerEnabled: true,
      oidcApiAudience: AUDIENCE,
      oidcApiScopes: ['crm.read'],
      authenticationMethod: 'Oidc',
    });
    expectOidcLoginMethodBound(hostA);
    serverA = await startHttpServer(hostA, { port });
    hostB = await startHostProcess({ databaseUrl, siteUrl });
    await idp.addClient({
      client_id: CLIENT_ID,
      client_secret: SECRET,
      redirect_uris: [`${siteUrl}/oauth-callback`],
      post_logout_redirect_uris: [`${siteUrl}/oidc/logged-out`],
      backchannel_logout_uri: `${hostB.url}/api/v1/backchannelLogout`,
      backchannel_logout_session_required: true,
      token_endpoint_auth_method: 'client_secret_basic',
    });
    alice = await createUser(hostA, 'alice', { link: { issuer: idp.issuer, sub: 'alice' } });
  });

  after(async function () {
    this.timeout(30_000);
    await hostB?.stop();
    await serverA?.close();
    await hostA?.cleanup();
    await idp?.stop();
  });

  /** Signs alice in at the IdP for client `crm` and redeems the code: { idToken, accessToken }. */
  async function signInAtIdp(browser: ProgrammaticBrowser): Promise<{ idToken: string; accessToken: string }> {
    const verifier = b64url(randomBytes(32));
    const auth = new URL(idp.endpoints.authorization);
    auth.search = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${siteUrl}/oauth-callback`,
      scope: 'openid email profile crm.read',
      resource: AUDIENCE,
      state: b64url(randomBytes(16)),
      nonce: b64url(randomBytes(16)),
      code_challenge: b64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    const result = await browser.login(auth.href, {
      login: 'alice',
      stopAt: (u) => u.startsWith(`${siteUrl}/oauth-callback`),
    });
    const code = new URL(result.stoppedAt!).searchParams.get('code')!;
    const response = await fetch(idp.endpoints.token, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${siteUrl}/oauth-callback`,
        code_verifier: verifier,
        resource: AUDIENCE,
      }),
    });
    const tokens = (await response.json()) as { id_token: string; access_token: string };
    expect(response.status, JSON.stringify(tokens)).to.equal(200);
    return { idToken: tokens.id_token, accessToken: tokens.access_token };
  }

  async function sessionFor(idToken: string): Promise<string> {
    const claims = decodeJwt(idToken);
    const { token } = await hostA.container.get<AuthTokenManager>(TYPES.AuthTokenManager).create({
      userId: alice.id,
      method: 'Oidc',
      idp: { issuer: idp.issuer, sub: claims.sub!, sid: claims['sid'] as string, idToken },
    });
    return token;
  }

  async function status(base: string, cookie: string): Promise<number> {
    return (await fetch(`${base}/api/v1/App/user`, { headers: { cookie: `crm_session=${cookie}` } })).status;
  }

  it('RP-initiated logout ends the host session and the IdP session; the back-channel call to the second process ends the other sessions', async function () {
    this.timeout(60_000);
    const browser = new ProgrammaticBrowser({ cookieScope: 'origin' });
    try {
      const { idToken } = await signInAtIdp(browser);
      expect(decodeJwt(idToken)['sid'], 'sid in the ID token').to.be.a('string');
      const tab1 = await sessionFor(idToken);
      const tab2 = await sessionFor(idToken);
      expect(await status(hostB.url, tab2), 'tab 2 is signed in, seen by process B').to.equal(200);

      browser.cookies.set(siteUrl, 'crm_session', tab1);
      const me = await browser.request(`${siteUrl}/api/v1/App/user`);
      const csrf = (me.json as { csrfToken: string }).csrfToken;
      const since = Date.now();
      const out = await browser.request(`${siteUrl}/api/v1/App/destroyAuthToken`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrf },
      });
      expect(out.status).to.equal(200);
      expect(out.headers['referrer-policy']).to.equal('no-referrer');
      const redirectUrl = (out.json as { redirectUrl: string }).redirectUrl;
      expect(redirectUrl.startsWith(idp.endpoints.endSession), 'discovery end_session_endpoint').to.equal(true);
      expect(await status(siteUrl, tab1), 'the host session ended first').to.equal(401);

      const landed = await browser.logout(redirectUrl);
      const landing = new URL(landed.response!.url);
      expect(landing.origin + landing.pathname).to.equal(`${siteUrl}/oidc/logged-out`);
      expect(landing.searchParams.get('state')).to.equal(new URL(redirectUrl).searchParams.get('state'));
      expect(landed.response!.body).to.contain('signed out of the CRM and of your identity provider');
      expect(browser.cookies.get(siteUrl, LOGOUT_STATE_COOKIE) ?? '', 'state cookie cleared').to.equal('');

      const event = await idp.waitForEvent('backchannel.success', { since, timeoutMs: 5000 });
      expect(event).to.include({ clientId: CLIENT_ID, accountId: 'alice' });
      expect(await status(hostB.url, tab2), 'tab 2 ended through process B').to.equal(401);
      expect(await status(siteUrl, tab2)).to.equal(401);

      const again = await browser.login(
        `${idp.endpoints.authorization}?${new URLSearchParams({
          client_id: CLIENT_ID,
          response_type: 'code',
          redirect_uri: `${siteUrl}/oauth-callback`,
          scope: 'openid',
          code_challenge: b64url(createHash('sha256').update('x'.repeat(43)).digest()),
          code_challenge_method: 'S256',
        })}`,
        { login: 'alice', stopAt: (u) => u.startsWith(`${siteUrl}/oauth-callback`) },
      );
      expect(
        again.chain.some((u) => u.includes('/interaction/')),
        'the IdP asks for credentials again',
      ).to.equal(true);
    } finally {
      browser.close();
    }
  });

  it('full flow: sign-in through the extension callback, sign-out on host A, the IdP back-channel call to process B ends the other session of that IdP session', async function () {
    this.timeout(60_000);
    const browser = new ProgrammaticBrowser();
    try {
      const first = await browser.login(`${siteUrl}/oidc/login`, { login: 'alice' });
      const c1 = browser.cookies.get(siteUrl, 'crm_session');
      expect(c1, `signed in (${first.chain.at(-1) ?? ''})`)
        .to.be.a('string')
        .and.not.equal('');
      // A second CRM session in the same IdP session (another browser profile sharing the IdP cookie).
      browser.cookies.set(siteUrl, 'crm_session', '');
      await browser.login(`${siteUrl}/oidc/login`, { login: 'alice' });
      const c1b = browser.cookies.get(siteUrl, 'crm_session') as string;
      expect(c1b).to.be.a('string').and.not.equal(c1);
      expect(await status(hostB.url, c1b), 'seen by process B').to.equal(200);

      browser.cookies.set(siteUrl, 'crm_session', c1!);
      const me = await browser.request(`${siteUrl}/api/v1/App/user`);
      const since = Date.now();
      const out = await browser.request(`${siteUrl}/api/v1/App/destroyAuthToken`, {
        method: 'POST',
        headers: { 'x-csrf-token': (me.json as { csrfToken: string }).csrfToken },
      });
      const redirectUrl = (out.json as { redirectUrl: string }).redirectUrl;
      expect(new URL(redirectUrl).searchParams.get('id_token_hint'), 'the stored ID token').to.match(/^ey/);
      const landed = await browser.logout(redirectUrl);
      expect(landed.response!.body).to.contain('signed out of the CRM and of your identity provider');
      await idp.waitForEvent('backchannel.success', { since, timeoutMs: 5000 });
      expect(await status(siteUrl, c1!)).to.equal(401);
      expect(await status(hostB.url, c1b), 'ended by the back-channel call to process B').to.equal(401);
    } finally {
      browser.close();
    }
  });

  it('the IdP-issued JWT access token authenticates API calls on the second process (bearer)', async function () {
    this.timeout(60_000);
    const browser = new ProgrammaticBrowser();
    try {
      const { accessToken, idToken } = await signInAtIdp(browser);
      const response = await fetch(`${hostB.url}/api/v1/App/user`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const body = (await response.json()) as { method: string; user: { id: string } };
      expect(response.status, JSON.stringify(body)).to.equal(200);
      expect(body).to.deep.include({ method: 'Oidc.bearer' });
      expect(body.user.id).to.equal(alice.id);
      const refused = await fetch(`${hostB.url}/api/v1/App/user`, { headers: { authorization: `Bearer ${idToken}` } });
      expect(refused.status).to.equal(401);
      expect(refused.headers.get('www-authenticate')).to.contain('invalid_token');
    } finally {
      browser.close();
    }
  });
});
