import { expect } from 'chai';
import type { User } from 'crm-host/sdk';
import { LOGOUT_STATE_COOKIE, POST_LOGOUT_PATH } from '../../../src/logout/logout-state.js';
import {
  alive,
  expectOidcLoginMethodBound,
  createUser,
  oidcSession,
  startOidcHttp,
  type OidcHttpFixture,
} from './support/oidc-http.js';

interface Signout {
  status: number;
  redirectUrl: string | null;
  referrerPolicy: string | null;
  stateCookie: string | null;
  setCookies: string[];
}

/** Security matrix 1.9 rp-init-logout* and OpenID RP-Initiated Logout 1.0 on the host's sign-out route. */
describe('logout: RP-initiated logout (security matrix 1.9 rp-init-logout)', function () {
  this.timeout(20_000);
  let fx: OidcHttpFixture;
  let alice: User;

  before(async function () {
    this.timeout(60_000);
    fx = await startOidcHttp();
    expectOidcLoginMethodBound(fx.host);
    alice = await createUser(fx.host, 'alice', { link: { issuer: fx.op.issuer, sub: 'alice' } });
  });
  after(async () => fx?.close());
  afterEach(async () => fx.host.config.set({ oidcLogoutUrl: null }));

  async function signOut(token: string): Promise<Signout> {
    const me = await fetch(fx.url('/api/v1/App/user'), { headers: { cookie: `crm_session=${token}` } });
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const response = await fetch(fx.url('/api/v1/App/destroyAuthToken'), {
      method: 'POST',
      headers: { cookie: `crm_session=${token}`, 'x-csrf-token': csrfToken },
    });
    const setCookies = response.headers.getSetCookie();
    const state = setCookies.find((c) => c.startsWith(`${LOGOUT_STATE_COOKIE}=`));
    return {
      status: response.status,
      redirectUrl: ((await response.json()) as { redirectUrl: string | null }).redirectUrl,
      referrerPolicy: response.headers.get('referrer-policy'),
      stateCookie: state ? decodeURIComponent(state.split(';')[0]!.split('=')[1]!) : null,
      setCookies,
    };
  }

  it('rp-init-logout: ends the host session first, then redirects to end_session_endpoint with id_token_hint, post_logout_redirect_uri, client_id and a fresh state', async () => {
    const idToken = await fx.op.signIdToken({ sub: 'alice', sid: 'sid-9' });
    const token = await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-9', idToken });
    const out = await signOut(token);
    expect(out.status).to.equal(200);
    expect(await alive(fx, token)).to.equal(false);
    const url = new URL(out.redirectUrl!);
    expect(`${url.origin}${url.pathname}`).to.equal(fx.op.endpoints.endSession);
    expect(url.searchParams.get('id_token_hint')).to.equal(idToken);
    expect(url.searchParams.get('post_logout_redirect_uri')).to.equal(`http://127.0.0.1:8181${POST_LOGOUT_PATH}`);
    expect(url.searchParams.get('client_id')).to.equal('crm');
    const state = url.searchParams.get('state');
    expect(state).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(out.stateCookie).to.equal(state);
    const cookie = out.setCookies.find((c) => c.startsWith(`${LOGOUT_STATE_COOKIE}=`))!.toLowerCase();
    expect(cookie).to.contain('httponly').and.contain(`path=${POST_LOGOUT_PATH}`).and.contain('samesite=lax');
    expect(out.referrerPolicy).to.equal('no-referrer');

    const second = await signOut(await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-9', idToken }));
    expect(new URL(second.redirectUrl!).searchParams.get('state'), 'a fresh state each time').not.to.equal(state);
  });

  it('uses oidcLogoutUrl with {siteUrl} and {clientId} URL-encoded, keeping its own parameters', async () => {
    await fx.host.config.set({ oidcLogoutUrl: 'https://idp.example.com/logout?returnTo={siteUrl}&cid={clientId}' });
    const out = await signOut(await oidcSession(fx, alice, { sub: 'alice', idToken: 'a.b.c' }));
    const url = new URL(out.redirectUrl!);
    expect(url.origin + url.pathname).to.equal('https://idp.example.com/logout');
    expect(url.search).to.contain(`returnTo=${encodeURIComponent('http://127.0.0.1:8181')}`);
    expect(url.searchParams.get('cid')).to.equal('crm');
    expect(url.searchParams.get('id_token_hint')).to.equal('a.b.c');
    expect(url.searchParams.get('state')).to.equal(out.stateCookie);
  });

  it('sends no id_token_hint when no ID token was stored', async () => {
    const out = await signOut(await oidcSession(fx, alice, { sub: 'alice' }));
    const url = new URL(out.redirectUrl!);
    expect(url.searchParams.has('id_token_hint')).to.equal(false);
    expect(url.searchParams.get('client_id')).to.equal('crm');
  });

  it('does nothing at the IdP for a session of another issuer or of the Password method', async () => {
    const foreign = await signOut(await oidcSession(fx, alice, { sub: 'alice', issuer: 'https://other.example.com' }));
    expect(foreign.redirectUrl).to.equal(null);
    const { token } = await fx.tokens.create({ userId: alice.id, method: 'Password' });
    const password = await signOut(token);
    expect(password.redirectUrl).to.equal(null);
    expect(password.stateCookie).to.equal(null);
  });

  async function land(query: string, cookie?: string): Promise<{ status: number; body: string; headers: Headers }> {
    const response = await fetch(fx.url(`${POST_LOGOUT_PATH}${query}`), {
      headers: cookie ? { cookie: `${LOGOUT_STATE_COOKIE}=${cookie}` } : {},
      redirect: 'manual',
    });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  it('rp-init-logout: the landing page with the browser state confirms the logout and clears the cookie', async () => {
    const out = await signOut(await oidcSession(fx, alice, { sub: 'alice', idToken: 'a.b.c' }));
    const page = await land(`?state=${out.stateCookie}`, out.stateCookie!);
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('signed out of the CRM and of your identity provider');
    expect(page.headers.getSetCookie().join()).to.match(new RegExp(`${LOGOUT_STATE_COOKIE}=;`));
  });

  it('logged-out-page-without-viewport: the page declares a device-width viewport (else a phone renders it 980 px wide)', async () => {
    const page = await land('');
    expect(page.body).to.match(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
  });

  it('rp-init-logout-no-state: a neutral logged-out page, no action, the anomaly logged', async () => {
    const before = fx.host.logs.length;
    const page = await land('', 'some-cookie');
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('You have been signed out of the CRM.');
    expect(page.headers.get('location')).to.equal(null);
    expect(fx.host.logs.slice(before).join('\n')).to.contain('without a matching state').and.contain('missing');
  });

  it('rp-init-logout-other-state: a foreign state gets the same neutral page and is logged, whatever else is in the URL', async () => {
    const before = fx.host.logs.length;
    const page = await land('?state=foreign&returnTo=https://evil.example', 'the-real-state');
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('You have been signed out of the CRM.');
    expect(page.body).not.to.contain('evil');
    expect(fx.host.logs.slice(before).join('\n')).to.contain('mismatch');
    const noCookie = await land('?state=whatever');
    expect(noCookie.status).to.equal(200);
    expect(noCookie.body).to.contain('You have been signed out of the CRM.');
  });
});
