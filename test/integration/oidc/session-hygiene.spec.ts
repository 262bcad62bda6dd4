import { expect } from 'chai';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { fakeOpSettings } from './support/fake-op-login.js';
import { startOidcRig, type OidcRig } from './support/oidc-rig.js';
import type { FailureReply } from '../../../src/oidc/failure-reply.js';
import { OIDC_TYPES } from '../../../src/oidc/tokens.js';

const SECRET = 'hygiene-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Security matrix 1.10 (session, CSRF and redirect hygiene), one test per row id. */
describe('login security matrix (fake OP): section 1.10 session, CSRF and redirect hygiene', function () {
  this.timeout(20_000);
  let rig: OidcRig;
  let op: FakeOp;
  const browsers: ProgrammaticBrowser[] = [];

  const newBrowser = (): ProgrammaticBrowser => {
    const b = new ProgrammaticBrowser();
    browsers.push(b);
    return b;
  };
  const startUrl = (returnTo = '/home'): string =>
    `${rig.base}/oidc/login?${new URLSearchParams({ returnTo }).toString()}`;
  /** Starts a login and stops before the callback is requested; returns the callback URL. */
  const startAndStop = async (browser: ProgrammaticBrowser, returnTo = '/home'): Promise<string> => {
    const r = await browser.navigate(startUrl(returnTo), { stopAt: (u) => u.startsWith(rig.redirectUri) });
    expect(r.stoppedAt, 'stopped at the callback').to.be.a('string');
    return r.stoppedAt as string;
  };
  const codeOf = (page: string | undefined): string | null => /data-code="([^"]+)"/.exec(page ?? '')?.[1] ?? null;

  before(async function () {
    this.timeout(60_000);
    op = await startFakeOp({ clientId: 'crm', clientSecret: SECRET });
    rig = await startOidcRig();
    await rig.createTeams('Sales');
    await rig.configure(fakeOpSettings(op));
  });
  beforeEach(() => {
    op.reset();
    op.resetCounts();
  });
  after(async () => {
    for (const b of browsers) b.close();
    await rig?.stop();
    await op?.stop();
  });

  it('C-01: replaying the callback URL fails (transaction consumed) with no second token request', async () => {
    const browser = newBrowser();
    const callback = await startAndStop(browser);
    const first = await browser.navigate(callback);
    expect(first.chain.at(-1)).to.equal(`${rig.base}/home`);
    const replay = await browser.navigate(callback);
    expect(replay.response?.status).to.equal(400);
    expect(codeOf(replay.response?.body)).to.equal('ERR_OIDC_STATE_REPLAYED');
    expect(op.counts.token).to.equal(1);
  });

  it("C-02: an attacker's code with the victim's state is refused (PKCE verifier of the victim's transaction)", async () => {
    const victim = newBrowser();
    const attacker = newBrowser();
    const victimCallback = new URL(await startAndStop(victim));
    const attackerCallback = new URL(await startAndStop(attacker));
    victimCallback.searchParams.set('code', attackerCallback.searchParams.get('code') ?? '');
    const sessionsBefore = (await rig.activeSessions()).length;
    const r = await victim.navigate(victimCallback.href);
    expect([400, 401, 502]).to.include(r.response?.status);
    expect(codeOf(r.response?.body)).to.be.a('string');
    expect((await rig.activeSessions()).length).to.equal(sessionsBefore);
    expect(op.counts.userinfo).to.equal(0);
  });

  it('C-01: a HEAD request (link checker, prefetch) neither starts a login nor consumes the callback', async () => {
    const browser = newBrowser();
    const head = await browser.request(startUrl(), { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers['set-cookie']).to.equal(undefined);
    const callback = await startAndStop(browser);
    expect((await browser.request(callback, { method: 'HEAD' })).status).to.equal(200);
    expect(op.counts.token).to.equal(0);
    expect((await browser.navigate(callback)).chain.at(-1)).to.equal(`${rig.base}/home`);
  });

  it('C-03: a callback without the transaction cookie is refused before any IdP call, and the transaction is burnt', async () => {
    const browser = newBrowser();
    const callback = await startAndStop(browser);
    const cookie = browser.cookies.get(rig.base, 'crm_oidc_tx');
    expect(cookie).to.match(/^[A-Za-z0-9_-]{43}$/);
    browser.cookies.clear(rig.base);
    const r = await browser.navigate(callback);
    expect(r.response?.status).to.equal(400);
    expect(codeOf(r.response?.body)).to.equal('ERR_OIDC_BROWSER_MISMATCH');
    expect(op.counts.token).to.equal(0);
    // A forged cookie value is no better, and the state cannot be used again even with the right cookie.
    browser.cookies.set(rig.base, 'crm_oidc_tx', cookie as string);
    const again = await browser.navigate(callback);
    expect(codeOf(again.response?.body)).to.equal('ERR_OIDC_STATE_REPLAYED');
    expect(op.counts.token).to.equal(0);
  });

  it('C-03: a callback from another browser (foreign binding cookie) is refused', async () => {
    const victim = newBrowser();
    const other = newBrowser();
    await startAndStop(other); // the other browser has a binding cookie of its own
    const callback = await startAndStop(victim);
    const r = await other.navigate(callback);
    expect(codeOf(r.response?.body)).to.equal('ERR_OIDC_BROWSER_MISMATCH');
    expect(op.counts.token).to.equal(0);
  });

  it('C-04: two tabs of one browser log in in parallel and both succeed; the 6th pending login drops the oldest', async () => {
    const browser = newBrowser();
    const first = await startAndStop(browser, '/home?tab=1');
    const second = await startAndStop(browser, '/home?tab=2');
    expect((await browser.navigate(second)).chain.at(-1)).to.equal(`${rig.base}/home?tab=2`);
    expect((await browser.navigate(first)).chain.at(-1)).to.equal(`${rig.base}/home?tab=1`);
    const pending: string[] = [];
    for (let i = 0; i < 6; i++) pending.push(await startAndStop(browser, `/home?n=${i}`));
    const oldest = await browser.navigate(pending[0] as string);
    expect(codeOf(oldest.response?.body)).to.equal('ERR_OIDC_STATE_UNKNOWN');
    expect((await browser.navigate(pending[5] as string)).chain.at(-1)).to.equal(`${rig.base}/home?n=5`);
  });

  it('C-05: a login issues a new session id and ends the session the browser had', async () => {
    const browser = newBrowser();
    await browser.navigate(startUrl());
    const firstToken = browser.cookies.get(rig.base, 'crm_session');
    expect(firstToken).to.be.a('string');
    const before = (await rig.activeSessions()).length;
    await browser.navigate(startUrl());
    const secondToken = browser.cookies.get(rig.base, 'crm_session');
    expect(secondToken).to.be.a('string').and.not.equal(firstToken);
    expect((await rig.activeSessions()).length).to.equal(before); // one ended, one began
    const me = await browser.request(`${rig.base}/api/v1/App/user`);
    expect(me.status).to.equal(200);
  });

  for (const [label, returnTo] of [
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['absolute', 'https://evil.example/'],
    ['javascript', 'javascript:alert(1)'],
    ['encoded slash', '/%2F%2Fevil.example'],
  ] as const) {
    it(`C-06: returnTo ${label} (${returnTo}) falls back to /`, async () => {
      const browser = newBrowser();
      const r = await browser.navigate(startUrl(returnTo), {
        stopAt: (u) => !u.startsWith(rig.base) && !u.startsWith(op.issuer),
      });
      expect(r.stoppedAt).to.equal(undefined);
      expect(r.chain.at(-1)).to.equal(`${rig.base}/`);
    });
  }

  it('C-07: sign-out is not reachable by a cross-site GET (POST with CSRF token only)', async () => {
    const browser = newBrowser();
    await browser.navigate(startUrl());
    const get = await browser.request(`${rig.base}/api/v1/App/destroyAuthToken`);
    expect(get.status).to.be.oneOf([404, 405]);
    const postWithoutCsrf = await browser.request(`${rig.base}/api/v1/App/destroyAuthToken`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(postWithoutCsrf.status).to.equal(403);
    expect((await browser.request(`${rig.base}/api/v1/App/user`)).status).to.equal(200);
  });

  it('C-08: an ID token expired 20 s ago is accepted with the default 1-minute tolerance', async () => {
    op.behave({ idToken: ['expired-20s-ago'] });
    const r = await newBrowser().navigate(startUrl());
    expect(r.chain.at(-1)).to.equal(`${rig.base}/home`);
  });

  it('C-08 regression: a 10-minute clock tolerance (allowed by the settings) failed every login at the verifier limit of 300 s', async () => {
    await rig.configure({ oidcClockTolerance: '10 minutes' });
    try {
      op.behave({ idToken: ['expired-20s-ago'] });
      const r = await newBrowser().navigate(startUrl());
      expect(r.chain.at(-1)).to.equal(`${rig.base}/home`);
    } finally {
      await rig.configure({ oidcClockTolerance: '1 minute' });
    }
  });

  it('C-08: an IdP clock 2 minutes ahead (iat in the future) is refused', async () => {
    op.setClockOffset(120);
    try {
      const r = await newBrowser().navigate(startUrl());
      expect(codeOf(r.response?.body)).to.equal('ERR_JWT_CLAIM_INVALID');
      expect(op.counts.userinfo).to.equal(0);
    } finally {
      op.setClockOffset(0);
    }
  });

  it('C-09: a login started for one issuer never sends its code to another configured meanwhile', async () => {
    const other = await startFakeOp({ clientId: 'crm', clientSecret: SECRET });
    try {
      const browser = newBrowser();
      const callback = await startAndStop(browser);
      await rig.configure(fakeOpSettings(other));
      const r = await browser.navigate(callback);
      expect(codeOf(r.response?.body)).to.equal('ERR_OIDC_PROVIDER_CHANGED');
      expect(other.counts.token + op.counts.token).to.equal(0);
    } finally {
      await rig.configure(fakeOpSettings(op));
      await other.stop();
    }
  });

  it('C-10: S256 is sent even when discovery lists only plain (or nothing)', async () => {
    for (const discovery of ['pkce-plain-only', 'no-pkce-methods'] as const) {
      op.behave({ discovery });
      await newBrowser().navigate(startUrl());
      expect(op.lastAuthorization?.get('code_challenge_method')).to.equal('S256');
    }
  });

  it('C-11: the host log never holds the code, the state, tokens or the client secret', async () => {
    // Failure warnings are sampled per code and minute: start afresh so that this test's failures are logged.
    rig.host.container.get<FailureReply>(OIDC_TYPES.FailureReply).flushLog();
    rig.host.logs.length = 0;
    const ok = newBrowser();
    const callback = new URL(await startAndStop(ok));
    await ok.navigate(callback.href);
    await ok.navigate(callback.href); // replay: a logged failure
    op.behave({ idToken: ['wrong-aud'] });
    await newBrowser().navigate(startUrl()); // a logged ID-token failure
    const issued = op.lastIssued;
    const log = rig.host.logs.join('\n');
    expect(log).to.contain('OIDC sign-in failed');
    for (const secret of [
      callback.searchParams.get('code'),
      callback.searchParams.get('state'),
      issued?.idToken,
      issued?.accessToken,
      SECRET,
    ]) {
      if (secret) expect(log).not.to.contain(secret);
    }
  });
});
