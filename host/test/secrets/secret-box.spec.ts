import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import { newKeyEntry, parseKeyRing } from '../../src/secrets/keyring.js';
import { HostSecretBox } from '../../src/secrets/secret-box.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return HostError.is(error) ? error.code : 'not a HostError';
  }
  return undefined;
}

describe('secrets: HostSecretBox (AES-256-GCM with the host key)', () => {
  const old = newKeyEntry();
  const current = newKeyEntry();
  const box = new HostSecretBox(parseKeyRing(`${old}\n${current}`, 'test'));
  const oldBox = new HostSecretBox(parseKeyRing(old, 'test'));

  it('seals with the current key into enc:v1:<kid>:..., never showing the plaintext, and opens it again', () => {
    const sealed = box.seal('s3cret-value', 'config:oidcClientSecret');
    expect(sealed).to.match(/^enc:v1:k[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(sealed).to.not.contain('s3cret');
    expect(box.keyIdOf(sealed)).to.equal(current.split(':')[0]);
    expect(box.isSealed(sealed)).to.equal(true);
    expect(box.open(sealed, 'config:oidcClientSecret')).to.equal('s3cret-value');
    expect(box.seal('s3cret-value', 'config:oidcClientSecret')).to.not.equal(sealed); // random IV
  });

  it('opens values sealed with an older key of the ring', () => {
    const sealed = oldBox.seal('from before', 'ctx');
    expect(box.open(sealed, 'ctx')).to.equal('from before');
  });

  it('refuses a value moved to another place (the context is authenticated)', () => {
    const sealed = box.seal('secret', 'config:oidcClientSecret');
    expect(codeOf(() => box.open(sealed, 'config:oidcClientPrivateKey'))).to.equal('ERR_SECRET_UNREADABLE');
  });

  it('refuses a tampered value', () => {
    const sealed = box.seal('secret', 'ctx');
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${sealed.slice(0, -2)}${last}${sealed.slice(-1)}`;
    expect(codeOf(() => box.open(tampered, 'ctx'))).to.equal('ERR_SECRET_UNREADABLE');
    expect(codeOf(() => box.open('enc:v1:' + current.split(':')[0] + ':AAAA', 'ctx'))).to.equal(
      'ERR_SECRET_UNREADABLE',
    );
  });

  it('names an unknown key (ERR_SECRET_KEY_UNKNOWN) without the value', () => {
    const sealed = box.seal('secret', 'ctx');
    let message = '';
    try {
      oldBox.open(sealed, 'ctx');
    } catch (error) {
      expect(HostError.is(error) && error.code).to.equal('ERR_SECRET_KEY_UNKNOWN');
      message = (error as Error).message;
    }
    expect(message).to.contain(current.split(':')[0]).and.not.contain('secret"');
  });

  it('returns a value written in clear (before encryption at rest) as it is', () => {
    expect(box.open('plain-old-secret', 'ctx')).to.equal('plain-old-secret');
    expect(box.isSealed('plain-old-secret')).to.equal(false);
    expect(box.keyIdOf('plain-old-secret')).to.equal(null);
  });
});
