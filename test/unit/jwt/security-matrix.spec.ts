import { expect } from 'chai';
import { sign as nodeSign } from 'node:crypto';
import { JwtError, type CallChecks, type JwtVerifier } from '../../../src/jwt/index.js';
import { JwksServer } from './support/jwks-server.js';
import { harness, type Harness } from './support/harness.js';
import { CLIENT_SECRET, secretKeyObject, testKey } from './support/keys.js';
import { CLIENT_ID, ISSUER, b64, idClaims, signRaw, signSegments, withSegment } from './support/tokens.js';

// Rows of ../shared/reference/security-matrix.md sections 1.3, 1.4, 1.5 and 3 that concern a verifier.
// JWKS rows (rotation, K-01..K-05, K-07, S-06 over JWKS, S-09 key count) are in jwks.spec.ts.

async function outcome(verifier: JwtVerifier, token: string, checks?: CallChecks): Promise<string> {
  try {
    await verifier.verify(token, checks);
    return 'ACCEPT';
  } catch (error) {
    if (!JwtError.is(error)) throw error;
    return error.claim === undefined ? error.code : `${error.code}:${error.claim}`;
  }
}

describe('jwt security matrix (verifier rows)', () => {
  let h: Harness;
  let rs256: JwtVerifier;
  const rsa = () => testKey('rsa2048');
  let now: number;
  /** An RS256 token with kid k1 over `payload` (any shape) and `header` extras. */
  const rs = (payload: unknown, header: Record<string, unknown> = {}) =>
    signRaw({ alg: 'RS256', kid: 'k1', ...header }, payload, h.algorithm('RS256'), rsa().privateKey);
  const without = (claim: string) => {
    const p = idClaims(now);
    delete p[claim];
    return p;
  };

  before(() => {
    h = harness();
    now = h.clock.seconds;
    rs256 = h.factory.create(h.settings({ algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')] }));
  });
  after(() => h.dispose());

  describe('1.3 ID token claims', () => {
    it('rp-id_token-sig-rs256 / oidcc-client-test-idtoken-sig-rs256: valid RS256 -> ACCEPT', async () => {
      expect(await outcome(rs256, rs(idClaims(now)), { nonce: 'n-0S6_WzA2Mj' })).to.equal('ACCEPT');
    });
    it('rp-id_token-aud / oidcc-client-test-invalid-aud -> ERR_JWT_CLAIM_INVALID:aud', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { aud: 'https://example.com/' })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
    });
    it('oidcc-client-test-missing-aud -> ERR_JWT_CLAIM_INVALID:aud', async () => {
      expect(await outcome(rs256, rs(without('aud')))).to.equal('ERR_JWT_CLAIM_INVALID:aud');
    });
    it('FAPI invalid-secondary-aud: aud [client, other] is refused whatever azp says (untrusted audience)', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { aud: [CLIENT_ID, 'other'] })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
      expect(await outcome(rs256, rs(idClaims(now, { aud: [CLIENT_ID, 'other'], azp: 'other' })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
    });
    it('OIDC Core 3.1.3.7 step 3: aud [client, other] with azp = client is refused (untrusted additional audience)', async () => {
      const token = rs(idClaims(now, { aud: [CLIENT_ID, 'other'], azp: CLIENT_ID }));
      expect(await outcome(rs256, token)).to.equal('ERR_JWT_CLAIM_INVALID:aud');
      try {
        await rs256.verify(token);
        expect.fail('accepted');
      } catch (error) {
        expect((error as JwtError).reason).to.equal('untrusted');
      }
    });
    it('an admin-trusted additional audience: accepted only with azp = client (azp rules unchanged)', async () => {
      const trusting = h.factory.create(
        h.settings({ algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')], trustedAudiences: ['api'] }),
      );
      expect(await outcome(trusting, rs(idClaims(now, { aud: [CLIENT_ID, 'api'], azp: CLIENT_ID })))).to.equal(
        'ACCEPT',
      );
      expect(await outcome(trusting, rs(idClaims(now, { aud: [CLIENT_ID, 'api'] })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:azp',
      );
      expect(await outcome(trusting, rs(idClaims(now, { aud: [CLIENT_ID, 'api'], azp: 'api' })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:azp',
      );
      expect(await outcome(trusting, rs(idClaims(now, { aud: [CLIENT_ID, 'api', 'x'], azp: CLIENT_ID })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
      expect(await outcome(trusting, rs(idClaims(now, { aud: 'api', azp: CLIENT_ID })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
    });
    it('a logout token whose aud lists an untrusted audience besides the client is refused', async () => {
      const claims = {
        iss: ISSUER,
        iat: now,
        exp: now + 120,
        jti: 'j-aud',
        sid: 's1',
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      };
      const settings = { kind: 'logout_token' as const, algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')] };
      const logout = h.factory.create(h.settings(settings));
      expect(await outcome(logout, rs({ ...claims, aud: [CLIENT_ID, 'other'] }), { nonce: null })).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
      const trusting = h.factory.create(h.settings({ ...settings, trustedAudiences: ['other'] }));
      expect(
        await outcome(trusting, rs({ ...claims, aud: [CLIENT_ID, 'other'], azp: CLIENT_ID }), { nonce: null }),
      ).to.equal('ACCEPT');
    });
    it('FAPI valid-aud-as-array: aud [client] -> ACCEPT', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { aud: [CLIENT_ID] })))).to.equal('ACCEPT');
    });
    it('rp-id_token-sub / oidcc-client-test-missing-sub -> ERR_JWT_CLAIM_INVALID:sub', async () => {
      expect(await outcome(rs256, rs(without('sub')))).to.equal('ERR_JWT_CLAIM_INVALID:sub');
      expect(await outcome(rs256, rs(idClaims(now, { sub: '' })))).to.equal('ERR_JWT_CLAIM_INVALID:sub');
    });
    it('rp-id_token-iat / oidcc-client-test-missing-iat -> ERR_JWT_CLAIM_INVALID:iat', async () => {
      expect(await outcome(rs256, rs(without('iat')))).to.equal('ERR_JWT_CLAIM_INVALID:iat');
    });
    it('FAPI iat-is-week-in-past (exp still in the future) -> ERR_JWT_CLAIM_INVALID:iat', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { iat: now - 7 * 86_400 })))).to.equal('ERR_JWT_CLAIM_INVALID:iat');
    });
    it('FAPI invalid-expired-exp: exp 5+ min in the past -> ERR_JWT_EXPIRED', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { exp: now - 301 })))).to.equal('ERR_JWT_EXPIRED:exp');
    });
    it('FAPI invalid-missing-exp -> ERR_JWT_CLAIM_INVALID:exp', async () => {
      expect(await outcome(rs256, rs(without('exp')))).to.equal('ERR_JWT_CLAIM_INVALID:exp');
    });
    it('rp-id_token-issuer-mismatch / oidcc-client-test-invalid-iss (exact compare, no slash normalisation) -> ERR_JWT_CLAIM_INVALID:iss', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { iss: 'https://example.org/' })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:iss',
      );
      expect(await outcome(rs256, rs(idClaims(now, { iss: `${ISSUER}/` })))).to.equal('ERR_JWT_CLAIM_INVALID:iss');
    });
    it('FAPI invalid-missing-iss -> ERR_JWT_CLAIM_INVALID:iss', async () => {
      expect(await outcome(rs256, rs(without('iss')))).to.equal('ERR_JWT_CLAIM_INVALID:iss');
    });
    it('I-10 exp or iat as strings -> ERR_JWT_CLAIM_INVALID', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { exp: String(now + 300) })))).to.equal('ERR_JWT_CLAIM_INVALID:exp');
      expect(await outcome(rs256, rs(idClaims(now, { iat: String(now) })))).to.equal('ERR_JWT_CLAIM_INVALID:iat');
      expect(await outcome(rs256, rs(idClaims(now, { nbf: 'yesterday' })))).to.equal('ERR_JWT_CLAIM_INVALID:nbf');
    });
    it('I-11 auth_time not a number, or older than max_age -> ERR_JWT_CLAIM_INVALID:auth_time', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { auth_time: 'now' })))).to.equal('ERR_JWT_CLAIM_INVALID:auth_time');
      expect(await outcome(rs256, rs(idClaims(now, { auth_time: now - 3600 })), { maxAuthAgeSec: 300 })).to.equal(
        'ERR_JWT_CLAIM_INVALID:auth_time',
      );
      expect(await outcome(rs256, rs(idClaims(now)), { maxAuthAgeSec: 300 })).to.equal(
        'ERR_JWT_CLAIM_INVALID:auth_time',
      );
      expect(await outcome(rs256, rs(idClaims(now, { auth_time: now - 60 })), { maxAuthAgeSec: 300 })).to.equal(
        'ACCEPT',
      );
    });
    it('I-12 at_hash / c_hash in a code-flow ID token are ignored -> ACCEPT', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { at_hash: 'garbage', c_hash: 'garbage' })))).to.equal('ACCEPT');
    });
    it('rp-nonce-invalid / FAPI missing-nonce (the nonce hook) -> ERR_JWT_CLAIM_INVALID:nonce', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { nonce: '012345678' })), { nonce: 'n-0S6_WzA2Mj' })).to.equal(
        'ERR_JWT_CLAIM_INVALID:nonce',
      );
      expect(await outcome(rs256, rs(without('nonce')), { nonce: 'n-0S6_WzA2Mj' })).to.equal(
        'ERR_JWT_CLAIM_INVALID:nonce',
      );
    });
    it('C-08 clock skew: exp 20 s ago ACCEPT with 30 s tolerance; iat 2 min in the future REJECT', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { exp: now - 20 })))).to.equal('ACCEPT');
      expect(await outcome(rs256, rs(idClaims(now, { iat: now + 120 })))).to.equal('ERR_JWT_CLAIM_INVALID:iat');
      expect(await outcome(rs256, rs(idClaims(now, { nbf: now + 120 })))).to.equal('ERR_JWT_CLAIM_INVALID:nbf');
    });
  });

  describe('1.4 signatures and algorithms', () => {
    it('rp-id_token-bad-sig-rs256 / oidcc-client-test-invalid-sig-rs256: shuffled (sorted) signature -> ERR_JWT_SIGNATURE_INVALID', async () => {
      const token = rs(idClaims(now));
      const sorted = [...token.split('.')[2]!].sort().join('');
      expect(await outcome(rs256, withSegment(token, 2, sorted))).to.equal('ERR_JWT_SIGNATURE_INVALID');
    });
    it('rp-id_token-bad-sig-es256: shuffled and DER-encoded ES256 signatures -> ERR_JWT_SIGNATURE_INVALID', async () => {
      const es = h.factory.create(
        h.settings({ algorithms: ['ES256'], staticKeys: [testKey('P-256').jwk('e1', 'ES256')] }),
      );
      const token = signRaw(
        { alg: 'ES256', kid: 'e1' },
        idClaims(now),
        h.algorithm('ES256'),
        testKey('P-256').privateKey,
      );
      expect(await outcome(es, token)).to.equal('ACCEPT');
      expect(await outcome(es, withSegment(token, 2, [...token.split('.')[2]!].sort().join('')))).to.equal(
        'ERR_JWT_SIGNATURE_INVALID',
      );
      const input = token.slice(0, token.lastIndexOf('.'));
      const der = nodeSign('sha256', Buffer.from(input), { key: testKey('P-256').privateKey, dsaEncoding: 'der' });
      expect(await outcome(es, `${input}.${der.toString('base64url')}`)).to.equal('ERR_JWT_SIGNATURE_INVALID');
    });
    it('rp-id_token-bad-sig-hs256: shuffled HS256 signature -> ERR_JWT_SIGNATURE_INVALID', async () => {
      const hs = h.factory.create(h.settings({ algorithms: ['HS256'], clientSecret: CLIENT_SECRET }));
      const token = signRaw({ alg: 'HS256' }, idClaims(now), h.algorithm('HS256'), secretKeyObject());
      expect(await outcome(hs, token)).to.equal('ACCEPT');
      expect(await outcome(hs, withSegment(token, 2, [...token.split('.')[2]!].sort().join('')))).to.equal(
        'ERR_JWT_SIGNATURE_INVALID',
      );
    });
    it('rp-id_token-sig-es256 / -sig-hs256: ACCEPT only for the registered alg', async () => {
      const hsToken = signRaw({ alg: 'HS256' }, idClaims(now), h.algorithm('HS256'), secretKeyObject());
      expect(await outcome(rs256, hsToken)).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
      const esToken = signRaw(
        { alg: 'ES256', kid: 'k1' },
        idClaims(now),
        h.algorithm('ES256'),
        testKey('P-256').privateKey,
      );
      expect(await outcome(rs256, esToken)).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
    });
    it('rp-id_token-sig-none / FAPI invalid-null-alg / §3 #1: alg none -> ERR_JWT_ALG_NOT_ALLOWED', async () => {
      for (const alg of ['none', 'None', 'NONE']) {
        const unsigned = `${b64({ alg })}.${b64(idClaims(now))}.`;
        expect(await outcome(rs256, unsigned), alg).to.equal('ERR_JWT_MALFORMED'); // empty signature segment
        expect(await outcome(rs256, `${b64({ alg })}.${b64(idClaims(now))}.AAAA`), alg).to.equal(
          'ERR_JWT_ALG_NOT_ALLOWED',
        );
      }
      expect(h.registry.get('none')).to.equal(undefined);
      expect(() => h.factory.create(h.settings({ algorithms: ['none'], staticKeys: [rsa().jwk('k1')] }))).to.throw(
        JwtError,
        /not registered/,
      );
    });
    it('FAPI invalid-alternate-alg / §3 #3: RS256 token when PS256 is pinned -> ERR_JWT_ALG_NOT_ALLOWED', async () => {
      const ps = h.factory.create(h.settings({ algorithms: ['PS256'], staticKeys: [rsa().jwk('k1')] }));
      expect(await outcome(ps, rs(idClaims(now)))).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
    });
    it('S-01 / §3 #2: HS256 token whose kid points at the RSA key -> ERR_JWT_ALG_NOT_ALLOWED', async () => {
      const pem = rsa().publicKey.export({ format: 'pem', type: 'spki' }) as string;
      const token = signRaw({ alg: 'HS256', kid: 'k1' }, idClaims(now), h.algorithm('HS256'), secretKeyObject(pem));
      expect(await outcome(rs256, token)).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
    });
    it('S-02 / §3 #7: crit ["x-unknown"] -> ERR_JWT_CRIT_UNSUPPORTED', async () => {
      expect(await outcome(rs256, rs(idClaims(now), { crit: ['x-unknown'], 'x-unknown': 1 }))).to.equal(
        'ERR_JWT_CRIT_UNSUPPORTED',
      );
      expect(await outcome(rs256, rs(idClaims(now), { crit: [] }))).to.equal('ERR_JWT_CRIT_UNSUPPORTED');
    });
    it('S-03 / §3 #8: b64:false with crit ["b64"] -> rejected (ERR_JWT_CRIT_UNSUPPORTED or ERR_JWT_B64_UNSUPPORTED)', async () => {
      expect(await outcome(rs256, rs(idClaims(now), { b64: false, crit: ['b64'] }))).to.equal(
        'ERR_JWT_CRIT_UNSUPPORTED',
      );
      expect(await outcome(rs256, rs(idClaims(now), { b64: false }))).to.equal('ERR_JWT_B64_UNSUPPORTED');
    });
    it('S-04 / §3 #5-6: jku, x5u, jwk, x5c headers with attacker keys are ignored -> no fetch, ERR_JWT_SIGNATURE_INVALID', async () => {
      const attacker = testKey('rsa2048b');
      const server = await new JwksServer().start();
      try {
        server.setKeys([attacker.jwk('k1', 'RS256')]);
        const header = { jku: server.url, x5u: server.url, jwk: attacker.jwk('k1', 'RS256'), x5c: ['MIIB'] };
        const token = signRaw(
          { alg: 'RS256', kid: 'k1', ...header },
          idClaims(now),
          h.algorithm('RS256'),
          attacker.privateKey,
        );
        expect(await outcome(rs256, token)).to.equal('ERR_JWT_SIGNATURE_INVALID');
        expect(server.requests).to.equal(0);
      } finally {
        await server.stop();
      }
    });
    it('S-05 / §3 #4: kid path traversal, SQL text or 10 KB -> ERR_JWKS_NO_MATCHING_KEY', async () => {
      const keyed = h.factory.create(
        h.settings({ algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256'), rsa().jwk('k2', 'RS256')] }),
      );
      for (const kid of ['../../etc/passwd', "' OR 1=1 --", 'x'.repeat(10 * 1024)]) {
        expect(await outcome(keyed, rs(idClaims(now), { kid })), kid.slice(0, 20)).to.equal('ERR_JWKS_NO_MATCHING_KEY');
      }
      expect(await outcome(keyed, rs(idClaims(now), { kid: 42 }))).to.equal('ERR_JWT_MALFORMED');
    });
    it('S-06 / §3 #25: a 1024-bit RSA key -> ERR_JWKS_KEY_UNUSABLE', async () => {
      const weak = h.factory.create(
        h.settings({ algorithms: ['RS256'], staticKeys: [testKey('rsa1024').jwk('w', 'RS256')] }),
      );
      const token = signRaw(
        { alg: 'RS256', kid: 'w' },
        idClaims(now),
        h.algorithm('RS256'),
        testKey('rsa1024').privateKey,
      );
      expect(await outcome(weak, token)).to.equal('ERR_JWKS_KEY_UNUSABLE');
    });
    it('§3 #25 psychic signature: ES256 with r = s = 0 -> ERR_JWT_SIGNATURE_INVALID', async () => {
      const es = h.factory.create(
        h.settings({ algorithms: ['ES256'], staticKeys: [testKey('P-256').jwk('e1', 'ES256')] }),
      );
      const forged = `${b64({ alg: 'ES256', kid: 'e1' })}.${b64(idClaims(now))}.${Buffer.alloc(64).toString('base64url')}`;
      expect(await outcome(es, forged)).to.equal('ERR_JWT_SIGNATURE_INVALID');
    });
    it('S-07 / §3 #11: standard base64, wrong segment counts, empty segments, padding -> ERR_JWT_MALFORMED', async () => {
      const token = rs(idClaims(now));
      const [hd, pl, sg] = token.split('.') as [string, string, string];
      const std = Buffer.from(pl, 'base64url').toString('base64');
      const cases = [
        `${hd}.${std.replace(/=+$/, '')}+/.${sg}`,
        `${hd}.${pl}.${sg}.${sg}`,
        `${hd}.${pl}`,
        `${hd}..${sg}`,
        `.${pl}.${sg}`,
        `${hd}.${pl}=.${sg}`,
        `${hd}.${pl}.${sg} `,
        '',
        `${b64('[1,2]')}.${pl}.${sg}`,
        `${b64('not json')}.${pl}.${sg}`,
      ];
      for (const bad of cases) expect(await outcome(rs256, bad), bad.slice(0, 30)).to.equal('ERR_JWT_MALFORMED');
      // A correctly signed payload that is an array, null or not UTF-8 is malformed too.
      for (const payloadSegment of [
        b64([1, 2]),
        b64('null'),
        Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url'),
      ]) {
        const t = signSegments(
          b64({ alg: 'RS256', kid: 'k1' }),
          payloadSegment,
          h.algorithm('RS256'),
          rsa().privateKey,
        );
        expect(await outcome(rs256, t)).to.equal('ERR_JWT_MALFORMED');
      }
      expect(await outcome(rs256, 42 as unknown as string)).to.equal('ERR_JWT_MALFORMED');
    });
    it('S-07 (regression: signature malleability): a non-canonical last signature character -> ERR_JWT_SIGNATURE_INVALID', async () => {
      const token = signRaw({ alg: 'HS256' }, idClaims(now), h.algorithm('HS256'), secretKeyObject());
      const hs = h.factory.create(h.settings({ algorithms: ['HS256'], clientSecret: CLIENT_SECRET }));
      const sig = token.split('.')[2]!; // 43 characters: the last one carries 2 unused bits
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(sig.at(-1)!);
      const twin = alphabet[last ^ 0x01]!; // same decoded bytes, different text
      expect(Buffer.from(sig.slice(0, -1) + twin, 'base64url').equals(Buffer.from(sig, 'base64url'))).to.equal(true);
      expect(await outcome(hs, token)).to.equal('ACCEPT');
      expect(await outcome(hs, withSegment(token, 2, sig.slice(0, -1) + twin))).to.equal('ERR_JWT_SIGNATURE_INVALID');
    });
    it('S-08 / §3 #9: duplicate JSON member names -> ACCEPT, last member wins (documented accepted risk: the signature covers the bytes)', async () => {
      const payloadText = JSON.stringify(idClaims(now)).replace(/}$/, ',"sub":"attacker"}');
      const token = signSegments(
        b64({ alg: 'RS256', kid: 'k1' }),
        b64(payloadText),
        h.algorithm('RS256'),
        rsa().privateKey,
      );
      const result = await rs256.verify(token);
      expect(result.payload['sub']).to.equal('attacker');
    });
    it('S-09 / §3 #10: a 1 MB token -> ERR_JWT_TOO_LARGE before any parsing', async () => {
      const big = rs(idClaims(now, { pad: 'x'.repeat(1024 * 1024) }));
      expect(await outcome(rs256, big)).to.equal('ERR_JWT_TOO_LARGE');
      expect(await outcome(rs256, 'a'.repeat(2 * 1024 * 1024))).to.equal('ERR_JWT_TOO_LARGE');
    });
  });

  describe('1.5 keys (static part; JWKS rows in jwks.spec.ts)', () => {
    it('rp-id_token-kid-absent-single-jwks: no kid, one matching key -> ACCEPT', async () => {
      const token = signRaw({ alg: 'RS256' }, idClaims(now), h.algorithm('RS256'), rsa().privateKey);
      expect(await outcome(rs256, token)).to.equal('ACCEPT');
    });
    it('rp-id_token-kid-absent-multiple-jwks: no kid, several matching keys -> ERR_JWKS_MULTIPLE_MATCHING_KEYS (chosen: reject)', async () => {
      const many = h.factory.create(
        h.settings({
          algorithms: ['RS256'],
          staticKeys: [
            rsa().jwk('k1', 'RS256'),
            testKey('rsa2048b').jwk('k2', 'RS256'),
            testKey('P-256').jwk('e', 'ES256'),
          ],
        }),
      );
      const token = signRaw({ alg: 'RS256' }, idClaims(now), h.algorithm('RS256'), rsa().privateKey);
      expect(await outcome(many, token)).to.equal('ERR_JWKS_MULTIPLE_MATCHING_KEYS');
    });
  });

  describe('3 attack catalogue (remaining verifier rows)', () => {
    it('§3 #12: nbf in the future -> ERR_JWT_CLAIM_INVALID:nbf; exp expired -> ERR_JWT_EXPIRED', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { nbf: now + 3600 })))).to.equal('ERR_JWT_CLAIM_INVALID:nbf');
      expect(await outcome(rs256, rs(idClaims(now, { exp: now - 3600 })))).to.equal('ERR_JWT_EXPIRED:exp');
    });
    it('§3 #13: azp present but not this client -> ERR_JWT_CLAIM_INVALID:azp', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { azp: 'someone-else' })))).to.equal('ERR_JWT_CLAIM_INVALID:azp');
    });
    it('§3 #14: nonce replay from an older login (other nonce) -> ERR_JWT_CLAIM_INVALID:nonce', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { nonce: 'old-login' })), { nonce: 'this-login' })).to.equal(
        'ERR_JWT_CLAIM_INVALID:nonce',
      );
    });
    it('§3 #21: an ID token issued to another client at the same OP -> ERR_JWT_CLAIM_INVALID:aud', async () => {
      expect(await outcome(rs256, rs(idClaims(now, { aud: 'other-client', azp: 'other-client' })))).to.equal(
        'ERR_JWT_CLAIM_INVALID:aud',
      );
    });
    it('§3 #23 / B-05: cross-JWT confusion by typ: logout or access tokens are not ID tokens, and the reverse', async () => {
      expect(await outcome(rs256, rs(idClaims(now), { typ: 'logout+jwt' }))).to.equal('ERR_JWT_TYP_INVALID');
      expect(await outcome(rs256, rs(idClaims(now), { typ: 'at+jwt' }))).to.equal('ERR_JWT_TYP_INVALID');
      expect(await outcome(rs256, rs(idClaims(now), { typ: 'JWT' }))).to.equal('ACCEPT');
      const logout = h.factory.create(
        h.settings({ kind: 'logout_token', algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')] }),
      );
      const claims = {
        iss: ISSUER,
        aud: CLIENT_ID,
        iat: now,
        exp: now + 120,
        jti: 'j1',
        sid: 's1',
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      };
      for (const typ of ['logout+jwt', 'application/logout+JWT', 'JWT', undefined]) {
        expect(await outcome(logout, rs(claims, { typ }), { nonce: null }), String(typ)).to.equal('ACCEPT');
      }
      expect(await outcome(logout, rs(claims, { typ: 'at+jwt' }), { nonce: null })).to.equal('ERR_JWT_TYP_INVALID');
      expect(await outcome(logout, rs({ ...claims, nonce: 'x' }), { nonce: null })).to.equal(
        'ERR_JWT_CLAIM_INVALID:nonce',
      );
      expect(await outcome(logout, rs({ ...claims, iat: now - 3600 }), { nonce: null })).to.equal(
        'ERR_JWT_CLAIM_INVALID:iat',
      );
    });
    it('the verified header cannot be altered by a caller (it is shared by the header cache)', async () => {
      const token = rs(idClaims(now), { typ: 'JWT' });
      await rs256.verify(token);
      const second = await rs256.verify(token);
      expect(Object.isFrozen(second.header)).to.equal(true);
      expect(() => {
        (second.header as Record<string, unknown>)['alg'] = 'none';
      }).to.throw(TypeError);
    });
    it('never echoes the token or its claims in error messages', async () => {
      const token = rs(idClaims(now, { sub: 'secret-subject', iss: 'https://evil.example' }));
      try {
        await rs256.verify(token);
        expect.fail('accepted');
      } catch (error) {
        const text = `${(error as Error).message} ${JSON.stringify(error)}`;
        expect(text).not.to.contain(token.split('.')[1]!.slice(0, 20));
        expect(text).not.to.contain('secret-subject');
        expect(text).not.to.contain('evil.example');
      }
    });
  });
});
