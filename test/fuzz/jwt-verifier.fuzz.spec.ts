import { expect } from 'chai';
import fc from 'fast-check';
import { HEAP_GROWTH_LIMIT_MB, settledHeapMb, Tally } from './support/bounds.js';
import { jwtProperty } from './jwt/jwt-property.js';
import { buildToken, jwtTargets, verifyOne, type JwtTarget } from './jwt/jwt-target.js';

/**
 * Bounded fuzz run inside `npm test` (a fixed seed, so a failure reproduces); `npm run fuzz` runs the same
 * property for minutes with fresh seeds. Malformed JWTs of every kind (segments, base64url, JSON, huge
 * numbers, wrong types, duplicate members, deep nesting, long strings, unicode) must end in a coded
 * JwtError, quickly, without growing the heap.
 */
describe('fuzz: JWT verifier', function () {
  this.timeout(60_000);
  let targets: JwtTarget[];
  let dispose: () => void;
  before(() => ({ targets, dispose } = jwtTargets()));
  after(() => dispose());

  it('1,500 seeded malformed tokens: coded rejections only, no hang, bounded heap', async () => {
    const tally = new Tally();
    const heapBefore = settledHeapMb();
    await fc.assert(jwtProperty(targets, tally), { seed: 20261123, numRuns: 1_500, endOnFailure: true });
    const growth = settledHeapMb() - heapBefore;
    expect(growth, `heap growth ${growth.toFixed(1)} MiB`).to.be.below(HEAP_GROWTH_LIMIT_MB);
    expect(tally.cases).to.equal(1_500);
    // The generator must reach past the signature into claim checks, not only fail at parsing.
    expect(tally.counts.get('ERR_JWT_CLAIM_INVALID') ?? 0, tally.summary()).to.be.greaterThan(20);
    expect(tally.counts.get('ERR_JWT_MALFORMED') ?? 0, tally.summary()).to.be.greaterThan(20);
  });

  it('a deeply nested header that verifies is frozen without a stack overflow', async () => {
    const target = targets[0]!;
    const depth = 5_000;
    const header = `{"alg":"HS256","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const payload = JSON.stringify({ iss: 'x' });
    const token = buildToken(
      {
        kind: 'jws',
        header: { kind: 'json', text: header },
        payload: { kind: 'json', text: payload },
        signature: 'valid',
        shape: 'ok',
      },
      target,
    );
    expect(await verifyOne(target, token)).to.deep.equal({ accepted: false, code: 'ERR_JWT_CLAIM_INVALID' });
  });

  it('numbers beyond double range in time claims are type errors, not acceptances', async () => {
    const target = targets[0]!;
    for (const exp of ['1e400', '123456789012345678901234567890']) {
      const payload = `{"iss":"https://idp.example.com","sub":"a","aud":"crm-client","iat":${target.nowSec},"exp":${exp}}`;
      const token = buildToken(
        {
          kind: 'jws',
          header: { kind: 'json', text: '{"alg":"HS256"}' },
          payload: { kind: 'json', text: payload },
          signature: 'valid',
          shape: 'ok',
        },
        target,
      );
      const outcome = await verifyOne(target, token);
      if (exp === '1e400') expect(outcome).to.deep.equal({ accepted: false, code: 'ERR_JWT_CLAIM_INVALID' });
      else expect(outcome.accepted).to.equal(true); // a finite (far future) exp is a valid number
    }
  });
});
