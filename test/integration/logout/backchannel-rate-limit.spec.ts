import { expect } from 'chai';
import type { User } from 'crm-host/sdk';
import { LOGOUT_TYPES } from '../../../src/logout/tokens.js';
import { alive, createUser, oidcSession, startOidcHttp, type OidcHttpFixture } from './support/oidc-http.js';

describe('logout: back-channel refusals are rate-limited per client IP', function () {
  this.timeout(20_000);
  let fx: OidcHttpFixture;
  let alice: User;

  before(async function () {
    this.timeout(60_000);
    fx = await startOidcHttp({
      beforeServer: (host) =>
        host.container
          .rebind(LOGOUT_TYPES.RefusalLimits)
          .toConstantValue({ maxRefusals: 3, windowMs: 60_000, maxKeys: 100 }),
    });
    alice = await createUser(fx.host, 'alice', { link: { issuer: fx.op.issuer, sub: 'alice' } });
  });
  after(async () => fx?.close());

  it('answers 429 with Retry-After after too many refusals, before looking at the token; valid tokens before that are not counted', async () => {
    const url = fx.url('/api/v1/backchannelLogout');
    for (let i = 0; i < 5; i += 1) {
      expect((await fx.op.sendLogoutToken(url, await fx.op.logoutToken({ sid: `s-${i}` }))).status).to.equal(200);
    }
    for (let i = 0; i < 3; i += 1) {
      expect((await fx.op.sendLogoutToken(url, await fx.op.logoutToken({ defects: ['with-nonce'] }))).status).to.equal(
        400,
      );
    }
    const session = await oidcSession(fx, alice, { sub: 'alice', sid: 'sid-limited' });
    const limited = await fx.op.sendLogoutToken(url, await fx.op.logoutToken({ sid: 'sid-limited' }));
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect(limited.headers.get('cache-control')).to.equal('no-store');
    expect(JSON.parse(limited.body)).to.include({ code: 'ERR_LOGOUT_RATE_LIMITED' });
    expect(await alive(fx, session)).to.equal(true);
  });

  it('answers 503 temporarily_unavailable while the IdP keys cannot be fetched, and does not count it', async () => {
    const other = await startOidcHttp({
      beforeServer: (host) =>
        host.container
          .rebind(LOGOUT_TYPES.RefusalLimits)
          .toConstantValue({ maxRefusals: 2, windowMs: 60_000, maxKeys: 100 }),
    });
    try {
      other.op.behave({ jwks: 'unavailable' });
      for (let i = 0; i < 3; i += 1) {
        const response = await other.op.sendLogoutToken(
          other.url('/api/v1/backchannelLogout'),
          await other.op.logoutToken({ sid: 'x' }),
        );
        expect(response.status).to.equal(503);
        expect(JSON.parse(response.body)).to.include({ error: 'temporarily_unavailable' });
      }
    } finally {
      await other.close();
    }
  });
});
