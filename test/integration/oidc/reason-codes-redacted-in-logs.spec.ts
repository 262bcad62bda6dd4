import { expect } from 'chai';
import { User } from 'crm-host/sdk';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { DISCOVERY_ROUTE_PATH } from '../../../src/oidc/client/index.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { CLIENT_SECRET, createUser, startOidcHttp, type OidcHttpFixture } from '../logout/support/oidc-http.js';

const AUDIENCE = 'https://crm.example.com/api';
const AUTHORIZATION_CODE = 'SplxlOBeZQQYbYS6WxSbIA-authorization-code';

/**
 * Regression (issue 11): the host logger redacted every key named `code`, so the refusals of discovery,
 * bearer and back-channel logout logged `{"code":"[redacted]"}` although docs/logout.md promises the code.
 * Real refusals through the reference host (real HostLogger, JSON lines, level info, recorded by the test
 * host's sink): each line carries its reason code, and none carries a token, an authorization code or
 * the client secret.
 */
describe('regression reason-codes-redacted-in-logs: refusals log their reason code, never a secret', function () {
  this.timeout(30_000);
  let fx: OidcHttpFixture;
  let other: FakeOp;

  before(async function () {
    this.timeout(60_000);
    fx = await startOidcHttp({
      logFormat: 'json',
      logLevel: 'info',
      settings: { oidcApiBearerEnabled: true, oidcApiAudience: AUDIENCE, authenticationMethod: 'Oidc' },
    });
    other = await startFakeOp({ issuerPath: '/down' });
    await createUser(fx.host, 'alice', { link: { issuer: fx.op.issuer, sub: 'alice' } });
    const em = fx.host.persistence.em();
    em.persist(
      Object.assign(new User(), {
        userName: 'root',
        name: 'root',
        type: 'admin',
        passwordHash: await hashPassword('pw-123456', { N: 1024, r: 8, p: 1 }),
      }),
    );
    await em.flush();
  });
  after(async () => {
    await fx?.close();
    await other?.stop();
  });

  /** The JSON log lines written since `from` whose message matches. */
  function linesSince(from: number, message: RegExp): Array<{ raw: string; json: Record<string, unknown> }> {
    return fx.host.logs
      .slice(from)
      .map((raw) => ({ raw, json: JSON.parse(raw) as Record<string, unknown> }))
      .filter((l) => typeof l.json['message'] === 'string' && message.test(l.json['message']));
  }

  function expectNoSecret(raw: string, ...secrets: string[]): void {
    for (const secret of [CLIENT_SECRET, AUTHORIZATION_CODE, ...secrets]) {
      expect(raw).not.to.contain(secret);
      // A JWT is also caught by any of its segments (payload, signature).
      for (const part of secret.split('.').filter((p) => p.length > 16)) expect(raw).not.to.contain(part);
    }
  }

  it('a bearer token refused: "code":"ERR_JWT_CLAIM_INVALID" (wrong audience), no token', async () => {
    const from = fx.host.logs.length;
    const token = await fx.op.signAccessToken({ sub: 'alice', audience: 'https://another.example/api' });
    const response = await fetch(fx.url('/api/v1/App/user'), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).to.equal(401);
    const [line] = linesSince(from, /^Bearer token refused/);
    expect(line, fx.host.logs.slice(from).join('\n')).to.not.equal(undefined);
    expect(line!.json['code']).to.equal('ERR_JWT_CLAIM_INVALID');
    expect(line!.raw).to.contain('"code":"ERR_JWT_CLAIM_INVALID"');
    expectNoSecret(line!.raw, token);
  });

  it('a back-channel logout refused: "code":"ERR_LOGOUT_NONCE_PRESENT", no logout token', async () => {
    const from = fx.host.logs.length;
    const token = await fx.op.logoutToken({ sub: 'alice', defects: ['with-nonce'] });
    const response = await fx.op.sendLogoutToken(fx.url('/api/v1/backchannelLogout'), token);
    expect(response.status).to.equal(400);
    const [line] = linesSince(from, /^Back-channel logout refused/);
    expect(line!.json['code']).to.equal('ERR_LOGOUT_NONCE_PRESENT');
    expectNoSecret(line!.raw, token);
  });

  it('a discovery failure: "code":"ERR_OIDC_DISCOVERY_UNAVAILABLE"', async () => {
    const login = await fetch(fx.url('/api/v1/App/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'root', password: 'pw-123456' }),
    });
    expect(login.status).to.equal(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('crm_session='))!
      .split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    other.behave({ discovery: 'unavailable' });
    const from = fx.host.logs.length;
    const response = await fetch(fx.url(DISCOVERY_ROUTE_PATH), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ issuer: other.issuer }),
    });
    expect(response.status).to.be.within(500, 504);
    const [line] = linesSince(from, /^discovery failed/);
    expect(line, fx.host.logs.slice(from).join('\n')).to.not.equal(undefined);
    expect(line!.json['code']).to.equal('ERR_OIDC_DISCOVERY_UNAVAILABLE');
    expectNoSecret(line!.raw, cookie.split('=')[1]!, csrfToken);
  });

  it('a callback with a bad state: its reason code, and not the authorization code it carried', async () => {
    const from = fx.host.logs.length;
    const query = new URLSearchParams({ code: AUTHORIZATION_CODE, state: 'forged-state-value', iss: fx.op.issuer });
    const response = await fetch(fx.url(`/oauth-callback?${query.toString()}`), { redirect: 'manual' });
    expect(response.status).to.equal(400);
    const [line] = linesSince(from, /^OIDC sign-in failed/);
    expect(line!.json['reasonCode']).to.match(/^ERR_OIDC_STATE_/);
    expectNoSecret(line!.raw);
    // Nothing written for this request carries the authorization code, under any key.
    for (const raw of fx.host.logs.slice(from)) expectNoSecret(raw);
  });

  it('no line of the whole run holds the client secret or a redacted reason code', () => {
    const all = fx.host.logs.join('\n');
    expect(all).not.to.contain(CLIENT_SECRET);
    expect(all).not.to.contain('"code":"[redacted]"');
  });
});
