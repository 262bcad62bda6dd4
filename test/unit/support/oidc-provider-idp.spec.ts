import { expect } from 'chai';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { startMinimalRp, type MinimalRp } from './minimal-rp.js';

const SECRET = 'a-secret-with-:+/%&=-chars-and-long-enough-for-hs256';

describe('support: oidc-provider IdP + programmatic browser', function () {
  let idp: OidcProviderIdp;
  let rp: MinimalRp;

  before(async function () {
    idp = await startOidcProvider({
      accounts: [
        {
          sub: 'alice',
          email: 'alice@example.test',
          email_verified: true,
          name: 'Alice A',
          groups: ['crm-sales', 'staff'],
        },
        { sub: 'kc-user', realm_access: { roles: ['crm-admin'] } },
        { sub: 'bob', password: 'bobs-password', email: 'bob@example.test' },
      ],
    });
    rp = await startMinimalRp({
      issuer: idp.issuer,
      clientId: 'rp',
      clientSecret: SECRET,
      authorizationEndpoint: idp.endpoints.authorization,
      tokenEndpoint: idp.endpoints.token,
      jwksUri: idp.endpoints.jwks,
    });
    await idp.addClient({
      client_id: 'rp',
      client_secret: SECRET,
      redirect_uris: [rp.redirectUri],
      post_logout_redirect_uris: [rp.postLogoutUri],
      backchannel_logout_uri: rp.backchannelUri,
      backchannel_logout_session_required: true,
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });

  after(async function () {
    await rp?.stop();
    await idp?.stop();
  });

  it('serves discovery with the loopback issuer, RFC 9207 iss and the enabled algorithms', function () {
    expect(idp.issuer).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.discovery.issuer).to.equal(idp.issuer);
    expect(idp.discovery.authorization_response_iss_parameter_supported).to.equal(true);
    expect(idp.discovery.id_token_signing_alg_values_supported).to.include.members([
      'RS256',
      'PS256',
      'ES256',
      'EdDSA',
      'HS256',
    ]);
    expect(idp.discovery.backchannel_logout_supported).to.equal(true);
    expect(idp.discovery.claims_parameter_supported).to.equal(true);
  });

  it('completes a client_secret_basic RS256 login with groups in the ID token', async function () {
    const browser = new ProgrammaticBrowser();
    try {
      const result = await browser.login(`${rp.base}/login`, { login: 'alice' });
      expect(result.response?.status).to.equal(200);
      expect(result.response?.body).to.equal('welcome alice');
      expect(result.chain[0]).to.equal(`${rp.base}/login`);
      expect(result.chain.some((u) => u.startsWith(`${idp.issuer}/interaction/`))).to.equal(true);
      expect(result.chain.at(-1)).to.equal(`${rp.base}/home`);
      expect(result.steps).to.have.length(result.chain.length);
      expect(rp.lastClaims).to.include({ sub: 'alice', email: 'alice@example.test', iss: idp.issuer, aud: 'rp' });
      expect(rp.lastClaims?.groups).to.deep.equal(['crm-sales', 'staff']);
      expect(rp.lastClaims?.sid).to.be.a('string');
      expect(decodeProtectedHeader(rp.lastIdToken ?? '').alg).to.equal('RS256');
    } finally {
      browser.close();
    }
  });

  it('serves 20 concurrent programmatic logins, each with its own IdP session', async function () {
    const browsers = Array.from({ length: 20 }, () => new ProgrammaticBrowser());
    try {
      const results = await Promise.all(
        browsers.map((b) =>
          b.login(`${rp.base}/login`, { login: 'alice', stopAt: (u) => u.startsWith(rp.redirectUri) }),
        ),
      );
      const codes = results.map((r) => new URL(r.stoppedAt ?? '').searchParams.get('code'));
      expect(new Set(codes).size).to.equal(20);
      const sessions = browsers.map((b) => b.cookies.get(`${idp.issuer}/`, '_session'));
      expect(sessions.every(Boolean)).to.equal(true);
      expect(new Set(sessions).size).to.equal(20);
    } finally {
      browsers.forEach((b) => b.close());
    }
  });

  it('stopAt halts before the RP callback and leaves the code unredeemed in the URL', async function () {
    const browser = new ProgrammaticBrowser();
    try {
      const result = await browser.login(`${rp.base}/login`, {
        login: 'kc-user',
        stopAt: (u) => u.startsWith(rp.redirectUri),
      });
      const callback = new URL(result.stoppedAt ?? '');
      expect(callback.searchParams.get('code')).to.be.a('string');
      expect(callback.searchParams.get('iss')).to.equal(idp.issuer);
      expect(result.chain).not.to.include(result.stoppedAt);
    } finally {
      browser.close();
    }
  });

  it('consent: false aborts the interaction (access_denied back at the RP); an unknown login or a wrong password fails clearly', async function () {
    const browser = new ProgrammaticBrowser();
    try {
      const denied = await browser.login(`${rp.base}/login`, {
        login: 'alice',
        consent: false,
        stopAt: (u) => u.startsWith(rp.redirectUri),
      });
      const callback = new URL(denied.stoppedAt ?? '');
      expect(callback.searchParams.get('error')).to.equal('access_denied');
      expect(callback.searchParams.has('code')).to.equal(false);
    } finally {
      browser.close();
    }
    const stranger = new ProgrammaticBrowser();
    try {
      const failure = (p: Promise<unknown>): Promise<Error | undefined> =>
        p.then(
          () => undefined,
          (err: Error) => err,
        );
      expect((await failure(stranger.login(`${rp.base}/login`, { login: 'nobody' })))?.message).to.match(
        /account of the IdP/,
      );
      expect(
        (await failure(stranger.login(`${rp.base}/login`, { login: 'bob', password: 'wrong' })))?.message,
      ).to.match(/login again/);
      const ok = await stranger.login(`${rp.base}/login`, { login: 'bob', password: 'bobs-password' });
      expect(ok.response?.body).to.equal('welcome bob');
      expect(rp.lastClaims).not.to.have.property('password');
    } finally {
      stranger.close();
    }
  });

  it('RP-initiated logout confirms the end-session form and back-channel logout reaches the loopback RP', async function () {
    const browser = new ProgrammaticBrowser();
    try {
      await browser.login(`${rp.base}/login`, { login: 'alice' });
      const idToken = rp.lastIdToken ?? '';
      const since = Date.now();
      const endSession = new URL(idp.endpoints.endSession);
      endSession.search = new URLSearchParams({
        id_token_hint: idToken,
        post_logout_redirect_uri: rp.postLogoutUri,
        state: 'st-1',
      }).toString();
      const result = await browser.logout(endSession.href);
      expect(result.response?.url).to.equal(`${rp.postLogoutUri}?state=st-1`);
      expect(result.response?.body).to.equal('logged out st-1');
      const event = await idp.waitForEvent('backchannel.success', { since });
      expect(event).to.include({ clientId: 'rp', accountId: 'alice' });
      const logoutToken = decodeJwt(rp.logoutTokens.at(-1) ?? '');
      expect(logoutToken).to.include({ sub: 'alice', iss: idp.issuer, aud: 'rp', sid: decodeJwt(idToken).sid });
      expect(logoutToken.events).to.have.property('http://schemas.openid.net/event/backchannel-logout');
      // the IdP session is gone: a new login asks for credentials again
      const again = await browser.login(`${rp.base}/login`, { login: 'alice' });
      expect(again.chain.filter((u) => u.includes('/interaction/')).length).to.be.greaterThan(0);
    } finally {
      browser.close();
    }
  });

  it('rotateKeys restarts on the same port with new kids; accounts changes apply at once; stop/restart = IdP down/up', async function () {
    const before = idp.keys.publicJwks.keys.map((k) => k.kid);
    const port = idp.port;
    await idp.rotateKeys();
    const served = (await (await fetch(idp.endpoints.jwks)).json()) as { keys: { kid: string }[] };
    expect(idp.port).to.equal(port);
    expect(served.keys.map((k) => k.kid)).to.have.members(idp.keys.publicJwks.keys.map((k) => k.kid as string));
    expect(served.keys.map((k) => k.kid)).not.to.include.members(before as string[]);
    idp.updateAccount('alice', { groups: ['other'] });
    const browser = new ProgrammaticBrowser();
    try {
      const result = await browser.login(`${rp.base}/login`, { login: 'alice' });
      expect(result.response?.body).to.equal('welcome alice');
      expect(rp.lastClaims?.groups).to.deep.equal(['other']);
      expect(decodeProtectedHeader(rp.lastIdToken ?? '').kid).to.be.oneOf(idp.keys.publicJwks.keys.map((k) => k.kid));
    } finally {
      browser.close();
    }
    expect(() => idp.updateAccount('alice', { never_configured: 1 })).to.throw(/extraClaims/);
    await idp.stop(); // IdP down ...
    expect(await fetch(idp.endpoints.discovery).catch((err: Error) => err)).to.be.instanceOf(Error);
    await idp.restart(); // ... and back on the same port
    expect((await fetch(idp.endpoints.discovery)).status).to.equal(200);
  });
});
