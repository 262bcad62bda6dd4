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
