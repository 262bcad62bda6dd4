import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import {
  as,
  bindAdminsOnlySsoMethod,
  createPortal,
  createUser,
  login,
  sessionCookie,
  startFixture,
  type Fixture,
} from './support/http-fixture.js';

const GUESSES = 100;
const PER_USER = 5;

function tally(responses: LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
  return counts;
}

/**
 * Issue 12 item 4: the password limits hold under concurrency (the attempt is reserved in the database
 * before the KDF runs) and the policy of the active method is decided before the password is checked.
 */
describe('http: password sign-in limits and policy', function () {
  this.timeout(120_000);
  let fx: Fixture;

  beforeEach(async () => {
    fx = await startFixture();
    await createUser(fx.host, 'alice', 'alice-pass-1');
  });
  afterEach(() => fx.close());

  const attempt = (url: string, userName: string, password: string) =>
    fx.app.inject({ method: 'POST', url, payload: { userName, password } });

  async function burst(url: string, userName: string, right: string): Promise<LightMyRequestResponse[]> {
    // Every guess starts before any has finished its password check; the right password is the last one.
    return Promise.all(
      Array.from({ length: GUESSES }, (_, i) => attempt(url, userName, i === GUESSES - 1 ? right : `guess-${i}`)),
    );
  }

  it('regression: password-limit-race-concurrent-guesses (100 concurrent guesses, the right one last: at most 5 checked, none gets in)', async () => {
    const responses = await burst('/api/v1/App/login', 'alice', 'alice-pass-1');
    const counts = tally(responses);
    expect(counts[200] ?? 0, JSON.stringify(counts)).to.equal(0);
    expect(counts[401] ?? 0, 'passwords checked').to.be.at.most(PER_USER);
    expect(counts[429] ?? 0).to.be.at.least(GUESSES - PER_USER);
    expect(responses.at(-1)!.statusCode).to.equal(429);
    expect(sessionCookie(responses.at(-1)!)).to.equal(null);
    // The checks that ran are in the log (aggregated: one row, its count).
    const rows = (await fx.host.persistence
      .knex()('auth_log_records')
      .where({ reason_code: 'ERR_PASSWORD_INVALID' })
      .sum({ n: 'attempt_count' })) as Array<{ n: number | string | null }>;
    expect(Number(rows[0]!.n ?? 0)).to.equal(counts[401] ?? 0);
    // After the window, the right password works again (and resets the user name's count).
    fx.host.clock.advance(15 * 60_000);
    await login(fx.app, 'alice', 'alice-pass-1');
  });

  it('regression: password-limit-race-concurrent-guesses on the portal password route', async () => {
    await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    await createUser(fx.host, 'pat', 'pat-pass-12', 'portal');
    const admin = await login(fx.app, 'root', 'root-pass-1');
    const portalId = await createPortal(fx.app, admin, { name: 'Customers', urlId: 'customers' });
    const linked = await fx.app.inject({
      method: 'POST',
      url: `/api/v1/Portal/${portalId}/users`,
      headers: as(admin),
      payload: { userId: 'pat' },
    });
    expect(linked.statusCode, linked.body).to.equal(200);

    const responses = await burst('/portal/customers/api/v1/App/login', 'pat', 'pat-pass-12');
    const counts = tally(responses);
    expect(counts[200] ?? 0, JSON.stringify(counts)).to.equal(0);
    expect(counts[401] ?? 0, 'passwords checked').to.be.at.most(PER_USER);
    expect(responses.at(-1)!.statusCode).to.equal(429);
    expect(responses.at(-1)!.json().code).to.equal('ERR_LOGIN_RATE_LIMITED');
  });

  it('the per-address limit holds across user names under concurrency (20 per address)', async () => {
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt('/api/v1/App/login', `user${i}`, 'x')),
    );
    const counts = tally(responses);
    expect(counts[401] ?? 0, JSON.stringify(counts)).to.be.at.most(20);
    expect(counts[429] ?? 0).to.be.at.least(40);
  });

  it('a success releases its attempt: a user who signs in right is never locked out by their own sign-ins', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await attempt('/api/v1/App/login', 'alice', `bad-${i}`)).statusCode).to.equal(401);
    }
    for (let i = 0; i < 10; i++) await login(fx.app, 'alice', 'alice-pass-1');
    // The success reset the user name's count: five more failures are checked before the limit.
    for (let i = 0; i < PER_USER; i++) {
      expect((await attempt('/api/v1/App/login', 'alice', `bad-${i}`)).statusCode).to.equal(401);
    }
    expect((await attempt('/api/v1/App/login', 'alice', 'alice-pass-1')).statusCode).to.equal(429);
  });

  describe('when the active method refuses password sign-in for the user', () => {
    beforeEach(async () => {
      bindAdminsOnlySsoMethod(fx.host);
      await fx.host.config.set({ authenticationMethod: 'Sso' });
    });

    it('regression: password-policy-oracle-403-vs-401 (right and wrong password get the same answer, and count)', async () => {
      const right = await attempt('/api/v1/App/login', 'alice', 'alice-pass-1');
      fx.host.clock.advance(1000);
      const wrong = await attempt('/api/v1/App/login', 'alice', 'not-her-password');
      expect(wrong.statusCode).to.equal(right.statusCode);
      expect(wrong.json()).to.deep.equal(right.json());
      expect(right.statusCode).to.equal(403);
      expect(right.json().code).to.equal('ERR_SSO_FALLBACK_ADMINS_ONLY');
      expect(sessionCookie(right)).to.equal(null);
      // Each refusal counts as an attempt: the sixth is 429 whatever the password.
      for (let i = 0; i < PER_USER - 2; i++) await attempt('/api/v1/App/login', 'alice', `g-${i}`);
      const limited = await attempt('/api/v1/App/login', 'alice', 'alice-pass-1');
      expect(limited.statusCode).to.equal(429);
      // An unknown user and a wrong password of an existing one still look alike (401).
      const unknown = await attempt('/api/v1/App/login', 'nobody', 'x');
      expect(unknown.statusCode).to.equal(401);
      expect(unknown.json().code).to.equal('ERR_LOGIN_INVALID');
    });

    it('an allowed user (admin) still signs in with the password', async () => {
      await createUser(fx.host, 'root', 'root-pass-1', 'admin');
      expect((await attempt('/api/v1/App/login', 'root', 'wrong')).statusCode).to.equal(401);
      await login(fx.app, 'root', 'root-pass-1');
    });
  });
});
