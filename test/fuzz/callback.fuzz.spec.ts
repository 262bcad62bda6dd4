import { expect } from 'chai';
import fc from 'fast-check';
import { callbackProperty } from './callback/callback-property.js';
import { logoutTarget, type LogoutTarget } from './logout/logout-target.js';
import { Tally } from './support/bounds.js';

/**
 * Bounded fuzz of `/oauth-callback` inside `npm test` (fixed seed): each case starts a genuine login on
 * the host against the fake OP, then alters its callback (state/code/iss dropped, duplicated, replaced;
 * forbidden and unknown parameters; broken query syntax; missing or foreign binding cookie; other methods).
 */
describe('fuzz: malformed OIDC callbacks', function () {
  this.timeout(60_000);
  let target: LogoutTarget;
  before(async () => (target = await logoutTarget()));
  after(async () => target?.dispose());

  it('150 seeded callbacks: only untampered ones log in, the rest end on a coded error page', async () => {
    const tally = new Tally();
    await fc.assert(callbackProperty(target, tally), { seed: 20261123, numRuns: 150, endOnFailure: true });
    expect(tally.counts.get('SESSION') ?? 0, tally.summary()).to.be.greaterThan(5);
    expect(tally.cases - (tally.counts.get('SESSION') ?? 0), tally.summary()).to.be.greaterThan(30);
  });
});

describe('fuzz: malformed OIDC callbacks (regressions)', function () {
  this.timeout(30_000);
  let target: LogoutTarget;
  before(async () => (target = await logoutTarget()));
  after(async () => target?.dispose());

  it('regression, found by the callback fuzzer: a callback without iss is refused when the IdP announces RFC 9207 (oidc-client discovery result in camelCase)', async () => {
    const start = await target.app.inject({ method: 'GET', url: '/oidc/login?returnTo=/' });
    const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const authorize = await fetch(String(start.headers.location), { redirect: 'manual' });
    const params = new URL(authorize.headers.get('location')!).searchParams;
    expect(params.get('iss'), 'the fake OP sends iss').to.equal(target.op.issuer);
    params.delete('iss');
    const res = await target.app.inject({ method: 'GET', url: `/oauth-callback?${params}`, headers: { cookie } });
    expect(res.cookies.some((c) => c.name === 'crm_session' && c.value !== '')).to.equal(false);
    expect(/data-code="([^"]+)"/.exec(res.body)?.[1]).to.equal('ERR_OIDC_ISS_MISSING');
  });
});
