import { expect } from 'chai';
import { JwtError } from '../../../src/jwt/index.js';
import { harness, type Harness } from './support/harness.js';
import { testKey } from './support/keys.js';
import { idClaims, signRaw } from './support/tokens.js';

describe('jwt static key source (PEM / JWK list)', () => {
  let h: Harness;
  before(() => {
    h = harness();
  });
  after(() => h.dispose());
  const pem = (kind: 'rsa2048' | 'P-256' | 'Ed25519') =>
    testKey(kind).publicKey.export({ format: 'pem', type: 'spki' }) as string;

  it('accepts SPKI PEM keys and JWKs (object or JSON text) and picks the key by type', async () => {
    const v = h.factory.create(
      h.settings({
        algorithms: ['RS256', 'ES256', 'EdDSA'],
        staticKeys: [pem('rsa2048'), JSON.stringify(testKey('P-256').jwk('ec')), pem('Ed25519')],
      }),
    );
    for (const [alg, kind] of [
      ['RS256', 'rsa2048'],
      ['ES256', 'P-256'],
      ['EdDSA', 'Ed25519'],
    ] as const) {
      const t = signRaw({ alg }, idClaims(h.clock.seconds), h.algorithm(alg), testKey(kind).privateKey);
      const result = await v.verify(t);
      expect(result.key.source).to.equal('static');
      expect(result.alg).to.equal(alg);
    }
  });

  it('keys configured without kid serve tokens that carry a kid the list does not name', async () => {
    const v = h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [pem('rsa2048')] }));
    const t = signRaw(
      { alg: 'RS256', kid: 'rotating-kid-7' },
      idClaims(h.clock.seconds),
      h.algorithm('RS256'),
      testKey('rsa2048').privateKey,
    );
    expect((await v.verify(t)).key.thumbprint).to.have.length(43);
  });

  it('the thumbprint is the RFC 7638 SHA-256 thumbprint (same as jose)', async () => {
    const { calculateJwkThumbprint } = await import('jose');
    const jwk = testKey('rsa2048').jwk('k1', 'RS256');
    const v = h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [jwk] }));
    const t = signRaw(
      { alg: 'RS256', kid: 'k1' },
      idClaims(h.clock.seconds),
      h.algorithm('RS256'),
      testKey('rsa2048').privateKey,
    );
    expect((await v.verify(t)).key.thumbprint).to.equal(await calculateJwkThumbprint(jwk as never, 'sha256'));
  });

  it('refuses unusable configured keys at creation with ERR_JWK_INVALID naming the entry', () => {
    const priv = testKey('rsa2048').privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    for (const bad of [
      '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----',
      '{not json',
      priv,
      { kty: 'oct', k: 'c2VjcmV0' },
    ]) {
      try {
        h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [pem('rsa2048'), bad] }));
        expect.fail('accepted');
      } catch (error) {
        expect((error as JwtError).code).to.equal('ERR_JWK_INVALID');
        expect((error as JwtError).message).to.contain('#2');
      }
    }
  });

  it('refuses settings without exactly one asymmetric key source, unknown algorithms and bad numbers', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ algorithms: ['RS256'] }, /exactly one/],
      [{ algorithms: ['RS256'], staticKeys: [pem('rsa2048')], jwksUri: 'https://idp.example.com/jwks' }, /exactly one/],
      [{ algorithms: [], staticKeys: [pem('rsa2048')] }, /at least one/],
      [{ algorithms: ['RS257'], staticKeys: [pem('rsa2048')] }, /not registered/],
      [{ algorithms: ['RS256'], staticKeys: [pem('rsa2048')], clockToleranceSec: 3600 }, /clockToleranceSec/],
      [{ algorithms: ['RS256'], staticKeys: [pem('rsa2048')], issuer: '' }, /issuer/],
      [{ algorithms: ['RS256'], jwksUri: 'not a url' }, /JWKS URI/],
    ];
    for (const [extra, message] of cases) {
      expect(() => h.factory.create(h.settings(extra)), message.source).to.throw(JwtError, message);
    }
  });
});
