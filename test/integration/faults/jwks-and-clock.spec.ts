import { expect } from 'chai';
import { forEachDatabase } from 'crm-host/testing';
import { startFaultRig, type FaultRig } from './support/fault-rig.js';

const MINUTE = 60_000;
const CACHE_PERIOD = 10 * MINUTE; // oidcJwksCachePeriod default
const STALE_GRACE = 60 * MINUTE; // JWKS staleGraceMs default

/** Moves the host clock and the fake OP's clock together (no skew between them). */
function travel(f: FaultRig, ms: number): void {
  f.clock.offsetMs = ms;
  f.op.setClockOffset(Math.round(ms / 1000));
}

/**
 * Issue 7: JWKS unreachable with a cached key set inside the grace window (logins keep working, a warning
 * is logged) and outside it (a clear error); clock skew between IdP and host within the configured
 * tolerance (works) and beyond it (a clear error).
 */
forEachDatabase('faults: JWKS outage and clock skew', (db) => {
  let f: FaultRig;
  before(async function () {
    this.timeout(60_000);
    f = await startFaultRig(await db.createUrl(), { oidcClockTolerance: '3 minutes' });
  });
  after(async () => f?.stop());

  it('JWKS down after a successful fetch: logins work within the grace window with a warning, then fail clearly', async function () {
    this.timeout(30_000);
    expect((await f.login()).session, 'first login fetches the keys').to.equal(true);
    const jwksFetches = f.op.counts.jwks;
    f.op.behave({ jwks: 'unavailable' });
    try {
      travel(f, CACHE_PERIOD + MINUTE); // cache expired, inside the grace window
      const warningsBefore = f.rig.host.logs.filter((l) => /WARN/.test(l) && /jwks|key set/i.test(l)).length;
      const stale = await f.login();
      expect(stale.session, `login with the stale key set: ${stale.code}`).to.equal(true);
      expect(f.op.counts.jwks, 'the host tried to refresh the key set').to.be.greaterThan(jwksFetches);
      const warnings = f.rig.host.logs.filter((l) => /WARN/.test(l) && /jwks|key set/i.test(l));
      expect(warnings.length, 'a warning about the stale key set').to.be.greaterThan(warningsBefore);

      travel(f, CACHE_PERIOD + STALE_GRACE + 5 * MINUTE); // past the grace window
      const sessions = (await f.rig.activeSessions()).length;
      const expired = await f.login();
      expect(expired.session).to.equal(false);
      expect(expired.code).to.match(/^ERR_JWKS_/);
      expect(expired.status).to.be.at.least(500);
      expect(await f.rig.activeSessions()).to.have.length(sessions);
    } finally {
      f.op.reset();
      travel(f, 0);
    }
    expect((await f.login()).session, 'logins resume once the IdP serves its keys again').to.equal(true);
  });

  for (const skewSec of [120, -120]) {
    it(`IdP clock ${skewSec > 0 ? 'ahead' : 'behind'} by 2 minutes, tolerance 3 minutes: login works`, async () => {
      f.op.setClockOffset(skewSec);
      try {
        const r = await f.login();
        expect(r.session, `login with ${skewSec} s skew: ${r.code}`).to.equal(true);
      } finally {
        f.op.setClockOffset(0);
      }
    });
  }

  const beyond: [string, number, RegExp][] = [
    ['ahead by 4 minutes (token issued in the future)', 240, /^ERR_JWT_CLAIM_INVALID$/],
    ['behind by 14 minutes (token expired on arrival)', -(10 * 60 + 240), /^ERR_JWT_(EXPIRED|CLAIM_INVALID)$/],
  ];
  for (const [title, skewSec, code] of beyond) {
    it(`IdP clock ${title}, tolerance 3 minutes: a clear error, no session`, async () => {
      f.op.setClockOffset(skewSec);
      try {
        const sessions = (await f.rig.activeSessions()).length;
        const r = await f.login();
        expect(r.session).to.equal(false);
        expect(r.code).to.match(code);
        expect(await f.rig.activeSessions()).to.have.length(sessions);
      } finally {
        f.op.setClockOffset(0);
      }
    });
  }
});
