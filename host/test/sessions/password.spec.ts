import { expect } from 'chai';
import { hashPassword, needsRehash, parsePasswordHash, verifyPassword } from '../../src/sessions/password.js';

const FAST = { logN: 10, r: 8, p: 1 };

describe('sessions/password', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse', FAST);
    expect(await verifyPassword('correct horse', stored)).to.equal(true);
    expect(await verifyPassword('correct horsE', stored)).to.equal(false);
  });

  it('uses a fresh salt per hash and keeps the parameters in the string', async () => {
    const a = await hashPassword('same', FAST);
    const b = await hashPassword('same', FAST);
    expect(a).to.not.equal(b);
    expect(a).to.match(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(parsePasswordHash(a)?.params).to.deep.equal(FAST);
  });

  it('never verifies against a missing or malformed hash', async () => {
    expect(await verifyPassword('x', null)).to.equal(false);
    expect(await verifyPassword('x', 'plain-text')).to.equal(false);
    expect(await verifyPassword('x', 'scrypt$30$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).to.equal(false); // N too large: refused, not computed
  });

  it('refuses empty and overlong passwords when hashing', async () => {
    let error: unknown;
    try {
      await hashPassword('', FAST);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RangeError);
  });

  it('says when a hash is weaker than the default', async () => {
    expect(needsRehash(await hashPassword('p', FAST))).to.equal(true);
    expect(needsRehash('garbage')).to.equal(true);
  });
});
