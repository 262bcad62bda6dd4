import { expect } from 'chai';
import { hashPassword, needsRehash, parsePasswordHash, verifyPassword } from '../../src/sessions/password.js';

const FAST = { N: 1024, r: 8, p: 1 };

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
    expect(a).to.match(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(parsePasswordHash(a)?.params).to.deep.equal(FAST);
  });

  it('never verifies against a missing or malformed hash', async () => {
    expect(await verifyPassword('x', null)).to.equal(false);
    expect(await verifyPassword('x', 'plain-text')).to.equal(false);
    expect(await verifyPassword('x', 'scrypt$4194304$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).to.equal(false); // N too large: refused, not computed
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

describe('sessions/password: stored-hash compatibility', () => {
  it('verifies a hash written with N and standard base64 by an earlier `crm-host user create`', async () => {
    // scrypt N=1024 r=8 p=1, salt "0123456789abcdef", 64-byte key of "legacy-pass", standard base64.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('legacy-pass'.normalize('NFKC'), salt, 64, { N: 1024, r: 8, p: 1 });
    const stored = ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword('legacy-pass', stored)).to.equal(true);
    expect(await verifyPassword('legacy-pasS', stored)).to.equal(false);
  });

  it('refuses N that is not a power of two', async () => {
    const good = await hashPassword('x', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('x', good.replace('$1024$', '$1000$'))).to.equal(false);
  });
});
