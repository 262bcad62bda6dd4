import { expect } from 'chai';
import fc from 'fast-check';
import { JwtError, type JwtVerifier } from '../../../src/jwt/index.js';
import { harness, type Harness } from './support/harness.js';
import { CLIENT_SECRET, secretKeyObject } from './support/keys.js';
import { idClaims, signRaw } from './support/tokens.js';

/** Only a JwtError may escape the verifier, whatever the input. */
async function outcome(verifier: JwtVerifier, token: string): Promise<'ACCEPT' | string> {
  try {
    await verifier.verify(token);
    return 'ACCEPT';
  } catch (error) {
    if (!JwtError.is(error)) throw error;
    return error.code;
  }
}

describe('jwt verifier robustness (property-based)', () => {
  let h: Harness;
  let verifier: JwtVerifier;
  let token: string;
  before(() => {
    h = harness();
    verifier = h.factory.create(h.settings({ algorithms: ['HS256'], clientSecret: CLIENT_SECRET }));
    token = signRaw({ alg: 'HS256', typ: 'JWT' }, idClaims(h.clock.seconds), h.algorithm('HS256'), secretKeyObject());
  });
  after(() => h.dispose());

  it('arbitrary strings are rejected with a JwtError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (input) => {
        expect(await outcome(verifier, input)).not.to.equal('ACCEPT');
      }),
      { numRuns: 300 },
    );
  });

  it('any single-character change of a valid token is rejected', async () => {
    expect(await outcome(verifier, token)).to.equal('ACCEPT');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (index, char) => {
        fc.pre(token[index] !== char);
        const mutated = token.slice(0, index) + char + token.slice(index + 1);
        expect(await outcome(verifier, mutated)).not.to.equal('ACCEPT');
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary JSON headers and payloads, correctly signed, never crash the verifier', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), async (header, payload) => {
        const t = signRaw(header, payload, h.algorithm('HS256'), secretKeyObject());
        await outcome(verifier, t);
      }),
      { numRuns: 300 },
    );
  });
});
