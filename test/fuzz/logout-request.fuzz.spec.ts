import { expect } from 'chai';
import fc from 'fast-check';
import { logoutProperty } from './logout/logout-property.js';
import { logoutTarget, type LogoutTarget } from './logout/logout-target.js';
import { Tally } from './support/bounds.js';

/**
 * Bounded fuzz of the back-channel logout endpoint inside `npm test` (fixed seed); `npm run fuzz` runs it
 * for minutes. Requests of every shape (methods, paths, content types, duplicate/missing/bracketed/
 * query/JSON/oversized parameters) carrying valid, refused (security-matrix rows), re-minted with random
 * claims, mutated and garbage logout tokens.
 */
describe('fuzz: back-channel logout requests', function () {
  this.timeout(60_000);
  let target: LogoutTarget;
  before(async () => (target = await logoutTarget()));
  after(async () => target?.dispose());

  it('300 seeded requests: 200 or a coded 4xx, never a server error, matrix refusals hold', async () => {
    const tally = new Tally();
    await fc.assert(logoutProperty(target, tally), { seed: 20261123, numRuns: 300, endOnFailure: true });
    expect(tally.cases).to.equal(300);
    expect(tally.counts.get('200') ?? 0, tally.summary()).to.be.greaterThan(5);
    expect([...tally.counts.keys()].filter((k) => k.startsWith('400 ')).length, tally.summary()).to.be.greaterThan(5);
  });
});

describe('fuzz: back-channel logout requests (regressions)', function () {
  this.timeout(30_000);
  let target: LogoutTarget;
  before(async () => (target = await logoutTarget()));
  after(async () => target?.dispose());

  it('regression, found by the logout fuzzer: a valid logout token with exp 3e92 answered 500 (invalid jti expiry date)', async () => {
    const token = await target.mint({ exp: 3.1699645881408024e92 });
    const res = await target.app.inject({
      method: 'POST',
      url: '/api/v1/backchannelLogout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `logout_token=${encodeURIComponent(token)}`,
    });
    expect(res.statusCode, res.body).to.equal(200);
    // And the jti is still used once.
    const again = await target.app.inject({
      method: 'POST',
      url: '/api/v1/backchannelLogout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `logout_token=${encodeURIComponent(token)}`,
    });
    expect(again.statusCode).to.equal(200);
  });
});
