import { expect } from 'chai';
import { algorithmContractProblem } from '../../../src/jwt/algorithm-contract.js';
import { JwtError } from '../../../src/jwt/errors.js';
import { checkAccessTokenHash, tokenHash } from '../../../src/jwt/token-hash.js';
import { harness, type Harness } from './support/harness.js';

// OpenID Connect Core 1.0, Appendix A.3/A.4 (RS256): this access token has this at_hash.
const SPEC_ACCESS_TOKEN = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';
const SPEC_AT_HASH = '77QmUPtjPfzWtF2AnpK9RQ';

function failure(fn: () => void): JwtError {
  try {
    fn();
  } catch (error) {
    if (JwtError.is(error)) return error;
    throw error;
  }
  expect.fail('no JwtError');
}

describe('jwt: at_hash (OIDC Core 3.1.3.6)', () => {
  let h: Harness;
  before(() => (h = harness()));
  after(() => h.dispose());

  it('is the left half of the hash, base64url (the spec example)', () => {
    expect(tokenHash(SPEC_ACCESS_TOKEN, 'sha256')).to.equal(SPEC_AT_HASH);
    expect(tokenHash(SPEC_ACCESS_TOKEN, 'SHA-256')).to.equal(SPEC_AT_HASH);
    expect(tokenHash('x', 'sha512')).to.have.length(43); // 32 bytes
  });

  it('every built-in declares the hash of its name (EdDSA: SHA-512), so at_hash can always be checked', () => {
    const expected: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
    for (const { alg, algorithm } of h.registry.describe()) {
      const bits = /(\d{3})$/.exec(alg)?.[1];
      expect(algorithm.hash, alg).to.equal(bits ? expected[bits] : 'sha512');
    }
  });

  it('accepts the matching access token with the algorithm that verified the ID token', () => {
    expect(() =>
      checkAccessTokenHash({ at_hash: SPEC_AT_HASH }, SPEC_ACCESS_TOKEN, h.registry.get('RS256')),
    ).not.to.throw();
    expect(() => checkAccessTokenHash({}, 'anything', h.registry.get('RS256')), 'no at_hash').not.to.throw();
  });

  it('a substituted access token is ERR_JWT_AT_HASH_MISMATCH; so is the right hash of the wrong size', () => {
    const mismatch = failure(() =>
      checkAccessTokenHash({ at_hash: SPEC_AT_HASH }, `${SPEC_ACCESS_TOKEN}x`, h.registry.get('RS256')),
    );
    expect(mismatch).to.include({ code: 'ERR_JWT_AT_HASH_MISMATCH', claim: 'at_hash', status: 401 });
    expect(mismatch.message).not.to.contain(SPEC_ACCESS_TOKEN);
    // RS512 hashes with SHA-512: the SHA-256 at_hash does not fit.
    expect(
      failure(() => checkAccessTokenHash({ at_hash: SPEC_AT_HASH }, SPEC_ACCESS_TOKEN, h.registry.get('RS512'))).code,
    ).to.equal('ERR_JWT_AT_HASH_MISMATCH');
  });

  it('an algorithm without a declared hash cannot check at_hash: ERR_JWT_AT_HASH_UNSUPPORTED, never skipped', () => {
    const noHash = { alg: 'X-NOHASH' };
    const refusal = failure(() => checkAccessTokenHash({ at_hash: SPEC_AT_HASH }, SPEC_ACCESS_TOKEN, noHash));
    expect(refusal).to.include({ code: 'ERR_JWT_AT_HASH_UNSUPPORTED', claim: 'at_hash' });
    expect(refusal.message).to.contain('X-NOHASH');
    expect(() => checkAccessTokenHash({}, SPEC_ACCESS_TOKEN, noHash), 'no at_hash: nothing to check').not.to.throw();
  });

  it('an at_hash that is not a non-empty string is ERR_JWT_CLAIM_INVALID (at_hash)', () => {
    for (const atHash of [42, '', null, ['x']]) {
      const refusal = failure(() => checkAccessTokenHash({ at_hash: atHash }, 'a', h.registry.get('RS256')));
      expect(refusal, String(atHash)).to.include({ code: 'ERR_JWT_CLAIM_INVALID', claim: 'at_hash' });
    }
  });

  it('the contract refuses a hash node:crypto does not know', () => {
    const base = { alg: 'X1', keyTypes: [{ kty: 'oct' }], verify: (_a: Buffer, _b: Buffer, _c: unknown) => false };
    expect(algorithmContractProblem({ ...base, hash: 'sha256' })).to.equal(undefined);
    expect(algorithmContractProblem({ ...base, hash: 'md-nope' })).to.match(/^hash must name a hash function/);
    expect(algorithmContractProblem({ ...base, hash: 256 })).to.match(/^hash must name a hash function/);
  });
});
