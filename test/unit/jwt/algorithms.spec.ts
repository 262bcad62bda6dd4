import { expect } from 'chai';
import { sign as nodeSign } from 'node:crypto';
import { SignJWT } from 'jose';
import { JwtError, type JwtVerifier, type VerifierSettings } from '../../../src/jwt/index.js';
import { harness, type Harness } from './support/harness.js';
import { CLIENT_SECRET, KEY_FOR_ALG, secretKeyObject, testKey } from './support/keys.js';
import { b64, idClaims, signRaw, withSegment } from './support/tokens.js';

async function rejects(promise: Promise<unknown>, code: string): Promise<JwtError> {
  try {
    await promise;
  } catch (error) {
    expect(JwtError.is(error), String(error)).to.equal(true);
    expect((error as JwtError).code).to.equal(code);
    return error as JwtError;
  }
  expect.fail(`expected ${code}, but the token was accepted`);
}

const BUILT_INS = Object.keys(KEY_FOR_ALG);

describe('jwt built-in algorithms', () => {
  let h: Harness;
  before(() => {
    h = harness();
  });
  after(() => h.dispose());

  it('registers exactly the 13 built-ins from metadata app.jwtAlgorithms', () => {
    expect(h.registry.names()).to.deep.equal([...BUILT_INS].sort());
    expect(h.registry.describe().every((r) => r.origin === 'built-in')).to.equal(true);
  });

  for (const alg of BUILT_INS) {
    describe(alg, () => {
      const kind = KEY_FOR_ALG[alg]!;
      const symmetric = kind === 'secret';
      const signingKey = () => (symmetric ? secretKeyObject() : testKey(kind).privateKey);
      const settingsFor = (extra: Partial<VerifierSettings> = {}): VerifierSettings =>
        h.settings(
          symmetric
            ? { algorithms: [alg], clientSecret: CLIENT_SECRET, ...extra }
            : { algorithms: [alg], staticKeys: [testKey(kind).jwk('k1', alg)], ...extra },
        );
      let verifier: JwtVerifier;
      let token: string;

      before(async () => {
        verifier = h.factory.create(settingsFor());
        // Signed by jose: interoperability with the reference implementation.
        const key = symmetric ? new TextEncoder().encode(CLIENT_SECRET) : signingKey();
        token = await new SignJWT(idClaims(h.clock.seconds)).setProtectedHeader({ alg, kid: 'k1' }).sign(key);
      });

      it('accepts a valid token signed by jose and reports alg and key', async () => {
        const result = await verifier.verify(token, { nonce: 'n-0S6_WzA2Mj' });
        expect(result.payload['sub']).to.equal('alice');
        expect(result.alg).to.equal(alg);
        expect(result.key.source).to.equal(symmetric ? 'client-secret' : 'static');
        if (!symmetric) expect(result.key.kid).to.equal('k1');
        expect(result.key.thumbprint).to.be.a('string').and.not.equal('');
        expect(verifier.verifySync(token)?.alg).to.equal(alg);
      });

      it('rejects a token signed with another key -> ERR_JWT_SIGNATURE_INVALID', async () => {
        const other = symmetric
          ? secretKeyObject('another-secret-another-secret-xx')
          : testKey(kind === 'rsa2048' ? 'rsa2048b' : kind === 'P-256' ? 'P-384' : kind).privateKey;
        if (!symmetric && kind !== 'rsa2048') {
          // For EC/Ed25519, a fresh key of the same curve.
          const { generateKeyPairSync } = await import('node:crypto');
          const fresh =
            kind === 'Ed25519'
              ? generateKeyPairSync('ed25519').privateKey
              : generateKeyPairSync('ec', {
                  namedCurve: { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[kind as 'P-256']!,
                }).privateKey;
          const forged = signRaw({ alg, kid: 'k1' }, idClaims(h.clock.seconds), h.algorithm(alg), fresh);
          await rejects(verifier.verify(forged), 'ERR_JWT_SIGNATURE_INVALID');
          return;
        }
        const forged = signRaw({ alg, kid: 'k1' }, idClaims(h.clock.seconds), h.algorithm(alg), other);
        await rejects(verifier.verify(forged), 'ERR_JWT_SIGNATURE_INVALID');
      });

      it('rejects a tampered payload -> ERR_JWT_SIGNATURE_INVALID', async () => {
        const tampered = withSegment(token, 1, b64(idClaims(h.clock.seconds, { sub: 'mallory' })));
        await rejects(verifier.verify(tampered), 'ERR_JWT_SIGNATURE_INVALID');
      });

      it('rejects a tampered signature -> ERR_JWT_SIGNATURE_INVALID', async () => {
        const sig = Buffer.from(token.split('.')[2]!, 'base64url');
        sig[sig.length >> 1]! ^= 0x01;
        await rejects(verifier.verify(withSegment(token, 2, sig.toString('base64url'))), 'ERR_JWT_SIGNATURE_INVALID');
        // Truncated and extended signatures too.
        await rejects(
          verifier.verify(withSegment(token, 2, sig.subarray(0, sig.length - 1).toString('base64url'))),
          'ERR_JWT_SIGNATURE_INVALID',
        );
      });

      if (alg.startsWith('ES')) {
        it('rejects a DER-encoded ECDSA signature -> ERR_JWT_SIGNATURE_INVALID', async () => {
          const input = token.slice(0, token.lastIndexOf('.'));
          const hash = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' }[alg as 'ES256'];
          const der = nodeSign(hash, Buffer.from(input), { key: signingKey(), dsaEncoding: 'der' });
          await rejects(verifier.verify(`${input}.${der.toString('base64url')}`), 'ERR_JWT_SIGNATURE_INVALID');
        });
      }

      if (alg.startsWith('RS') || alg.startsWith('PS')) {
        it('rejects an RSA key under 2048 bits -> ERR_JWKS_KEY_UNUSABLE', async () => {
          const weak = testKey('rsa1024');
          const v = h.factory.create(settingsFor({ staticKeys: [weak.jwk('weak', alg)] }));
          // PS512 cannot even sign with 1024 bits; the key is refused before any signature work anyway.
          const t =
            alg === 'PS512'
              ? `${b64({ alg, kid: 'weak' })}.${b64(idClaims(h.clock.seconds))}.${Buffer.alloc(128, 7).toString('base64url')}`
              : signRaw({ alg, kid: 'weak' }, idClaims(h.clock.seconds), h.algorithm(alg), weak.privateKey);
          const error = await rejects(v.verify(t), 'ERR_JWKS_KEY_UNUSABLE');
          expect(error.message).to.contain('1024 bits');
        });
      }
    });
  }

  describe('alg substitution', () => {
    const rsa = () => testKey('rsa2048');

    it('an RS256 signature presented as PS256 (PS256 allowed) -> ERR_JWT_SIGNATURE_INVALID', async () => {
      const v = h.factory.create(h.settings({ algorithms: ['PS256'], staticKeys: [rsa().jwk('k1')] }));
      const rs = signRaw(
        { alg: 'RS256', kid: 'k1' },
        idClaims(h.clock.seconds),
        h.algorithm('RS256'),
        rsa().privateKey,
      );
      const [, payload, sig] = rs.split('.');
      await rejects(v.verify(`${b64({ alg: 'PS256', kid: 'k1' })}.${payload}.${sig}`), 'ERR_JWT_SIGNATURE_INVALID');
    });

    it('a PS256 token when only RS256 is allowed -> ERR_JWT_ALG_NOT_ALLOWED', async () => {
      const v = h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [rsa().jwk('k1')] }));
      const ps = signRaw(
        { alg: 'PS256', kid: 'k1' },
        idClaims(h.clock.seconds),
        h.algorithm('PS256'),
        rsa().privateKey,
      );
      await rejects(v.verify(ps), 'ERR_JWT_ALG_NOT_ALLOWED');
    });

    it('an HS256 token MACed with the RSA public key, RS256 configured -> ERR_JWT_ALG_NOT_ALLOWED', async () => {
      const v = h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')] }));
      const pem = rsa().publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const hs = signRaw(
        { alg: 'HS256', kid: 'k1' },
        idClaims(h.clock.seconds),
        h.algorithm('HS256'),
        secretKeyObject(pem),
      );
      await rejects(v.verify(hs), 'ERR_JWT_ALG_NOT_ALLOWED');
    });

    it('an HS256 token MACed with the RSA public key, HS256 configured -> ERR_JWT_SIGNATURE_INVALID (the key is the client secret)', async () => {
      const v = h.factory.create(h.settings({ algorithms: ['HS256'], clientSecret: CLIENT_SECRET }));
      const pem = rsa().publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const hs = signRaw(
        { alg: 'HS256', kid: 'k1' },
        idClaims(h.clock.seconds),
        h.algorithm('HS256'),
        secretKeyObject(pem),
      );
      await rejects(v.verify(hs), 'ERR_JWT_SIGNATURE_INVALID');
    });

    it('refuses settings that mix HS* with asymmetric algorithms, or give HS* anything but the secret', () => {
      expect(() =>
        h.factory.create(h.settings({ algorithms: ['RS256', 'HS256'], clientSecret: CLIENT_SECRET })),
      ).to.throw(JwtError, /HS\*/);
      expect(() => h.factory.create(h.settings({ algorithms: ['HS256'], staticKeys: [rsa().jwk('k1')] }))).to.throw(
        JwtError,
        /client secret/,
      );
      expect(() => h.factory.create(h.settings({ algorithms: ['HS256'] }))).to.throw(JwtError, /client secret/);
    });

    it('an ES256 token against a P-384 key of the same kid -> ERR_JWKS_NO_MATCHING_KEY', async () => {
      const v = h.factory.create(h.settings({ algorithms: ['ES256'], staticKeys: [testKey('P-384').jwk('k1')] }));
      const t = signRaw(
        { alg: 'ES256', kid: 'k1' },
        idClaims(h.clock.seconds),
        h.algorithm('ES256'),
        testKey('P-256').privateKey,
      );
      await rejects(v.verify(t), 'ERR_JWKS_NO_MATCHING_KEY');
    });
  });
});
