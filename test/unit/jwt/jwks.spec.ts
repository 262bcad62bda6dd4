import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { JwtError, type JwksOptions, type JwtVerifier } from '../../../src/jwt/index.js';
import { JwksServer } from './support/jwks-server.js';
import { harness, type Harness } from './support/harness.js';
import { testKey } from './support/keys.js';
import { idClaims, signRaw } from './support/tokens.js';

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ACCEPT';
  } catch (error) {
    if (!JwtError.is(error)) throw error;
    return error.code;
  }
}

describe('jwt JWKS key source (local HTTP server)', () => {
  let h: Harness;
  let server: JwksServer;
  const rsaA = () => testKey('rsa2048');
  const rsaB = () => testKey('rsa2048b');
  const token = (kid: string, key = rsaA().privateKey, alg = 'RS256') =>
    signRaw({ alg, kid }, idClaims(h.clock.seconds), h.algorithm(alg), key);
  const verifier = (jwks: Partial<JwksOptions> = {}, algorithms = ['RS256']): JwtVerifier =>
    h.factory.create(h.settings({ algorithms, jwksUri: server.url, jwks: { timeoutMs: 300, ...jwks } }));

  beforeEach(async () => {
    h = harness();
    server = await new JwksServer().start();
    server.setKeys([rsaA().jwk('A', 'RS256')]);
  });
  afterEach(async () => {
    await server.stop();
    h.dispose();
  });

  it('K-04: 1,000 concurrent verifications on a cold cache cause exactly one fetch', async () => {
    const v = verifier();
    const t = token('A');
    server.delayMs = 30;
    const results = await Promise.all(Array.from({ length: 1000 }, () => v.verify(t)));
    expect(results.every((r) => r.key.kid === 'A' && r.key.source === 'jwks')).to.equal(true);
    expect(server.requests).to.equal(1);
  });

  it('verifySync is the fast path: undefined on a cold cache, the result once the set is cached', async () => {
    const v = verifier();
    expect(v.verifySync(token('A'))).to.equal(undefined);
    await v.verify(token('A'));
    expect(v.verifySync(token('A'))?.key.kid).to.equal('A');
    expect(server.requests).to.equal(1);
  });

  it('rp-key-rotation-op-sign-key: a new kid right after a fetch is accepted at once (one forced refresh)', async () => {
    const v = verifier();
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    server.setKeys([rsaB().jwk('B', 'RS256')]);
    expect(await code(v.verify(token('B', rsaB().privateKey)))).to.equal('ACCEPT');
    expect(server.requests).to.equal(2);
  });

  it('rp-key-rotation-op-sign-key-native: keys prefetched at boot, replaced before the first token -> accepted', async () => {
    const v = verifier();
    await h.pool.get(server.url, { timeoutMs: 300 }).refresh();
    server.setKeys([rsaB().jwk('B', 'RS256')]);
    expect(await code(v.verify(token('B', rsaB().privateKey)))).to.equal('ACCEPT');
  });

  it('K-05: random unknown kids cause at most one fetch per cooldown', async () => {
    const v = verifier({ cooldownMs: 5000 });
    await v.verify(token('A'));
    const before = server.requests;
    const codes = await Promise.all(Array.from({ length: 200 }, () => code(v.verify(token(randomUUID())))));
    expect(new Set(codes)).to.deep.equal(new Set(['ERR_JWKS_NO_MATCHING_KEY']));
    expect(server.requests - before).to.equal(1);
    h.clock.advance(4999);
    await code(v.verify(token(randomUUID())));
    expect(server.requests - before).to.equal(1);
    h.clock.advance(1);
    await code(v.verify(token(randomUUID())));
    expect(server.requests - before).to.equal(2);
    // The known kid keeps working throughout.
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
  });

  it('K-05: known kids are served at once while a forced refresh hangs on a slow IdP', async () => {
    const v = verifier({ timeoutMs: 2000 });
    await v.verify(token('A'));
    server.behaviour = { kind: 'hang' };
    const forced = code(v.verify(token('unknown')));
    const started = Date.now();
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    expect(Date.now() - started).to.be.below(500);
    server.setKeys([rsaA().jwk('A', 'RS256')]);
    await server.stop(); // ends the hanging request
    expect(await forced).to.equal('ERR_JWKS_FETCH_FAILED');
    server = await new JwksServer().start();
  });

  it('S-05 over JWKS: a kid longer than 256 characters never triggers a fetch', async () => {
    const v = verifier();
    await v.verify(token('A'));
    expect(await code(v.verify(token('k'.repeat(300))))).to.equal('ERR_JWKS_NO_MATCHING_KEY');
    expect(server.requests).to.equal(1);
  });

  it('caches the set for cacheMaxAgeMs, then fetches again', async () => {
    const v = verifier({ cacheMaxAgeMs: 60_000 });
    await v.verify(token('A'));
    h.clock.advance(59_999);
    await v.verify(token('A'));
    expect(server.requests).to.equal(1);
    h.clock.advance(1);
    await v.verify(token('A'));
    expect(server.requests).to.equal(2);
  });

  it('K-01: stale grace on 503: the last good set serves (warning logged) within the window, then fails', async () => {
    const v = verifier({ cacheMaxAgeMs: 60_000, staleGraceMs: 600_000, cooldownMs: 5000 });
    await v.verify(token('A'));
    server.behaviour = { kind: 'json', status: 503, body: { error: 'unavailable' } };
    h.clock.advance(61_000);
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => code(v.verify(token('A')))));
    expect(new Set(concurrent)).to.deep.equal(new Set(['ACCEPT']));
    const warnings = h.logger.at('warn').filter((l) => l.message.includes('serving the last good key set'));
    expect(warnings).to.have.length(1);
    expect(JSON.stringify(warnings[0])).not.to.contain('eyJ');
    // Within the retry backoff no new fetch happens.
    const fetches = server.requests;
    await v.verify(token('A'));
    expect(server.requests).to.equal(fetches);
    h.clock.advance(600_000);
    expect(await code(v.verify(token('A')))).to.equal('ERR_JWKS_FETCH_FAILED');
    // The IdP is back: fresh keys again.
    server.setKeys([rsaA().jwk('A', 'RS256')]);
    h.clock.advance(5000);
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
  });

  it('K-03: timeout -> ERR_JWKS_TIMEOUT on a cold cache; stale grace on a warm one', async () => {
    const v = verifier({ timeoutMs: 150, cacheMaxAgeMs: 60_000 });
    server.behaviour = { kind: 'hang' };
    const started = Date.now();
    expect(await code(v.verify(token('A')))).to.equal('ERR_JWKS_TIMEOUT');
    expect(Date.now() - started).to.be.below(2000);
    server.setKeys([rsaA().jwk('A', 'RS256')]);
    h.clock.advance(10_000);
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    server.behaviour = { kind: 'hang' };
    h.clock.advance(61_000);
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    expect(
      h.logger
        .at('warn')
        .some((l) => l.message.includes('serving the last good key set') && l.context?.['code'] === 'ERR_JWKS_TIMEOUT'),
    ).to.equal(true);
  });

  it('K-06 (verifier part): IdP down at the first verification -> ERR_JWKS_FETCH_FAILED, then works once it is back', async () => {
    const v = verifier();
    server.behaviour = { kind: 'reset' };
    const error = (await v.verify(token('A')).catch((e: JwtError) => e)) as JwtError;
    expect(error.code).to.equal('ERR_JWKS_FETCH_FAILED');
    expect(error.reason).to.equal('ERR_HTTP_NETWORK');
    server.setKeys([rsaA().jwk('A', 'RS256')]);
    // Retried with backoff: within the cooldown the failure is repeated without a new request.
    expect(await code(v.verify(token('A')))).to.equal('ERR_JWKS_FETCH_FAILED');
    expect(server.requests).to.equal(1);
    h.clock.advance(5000);
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    expect(server.requests).to.equal(2);
  });

  it('S-09: an oversize body is refused (declared length and streamed) -> ERR_JWKS_FETCH_FAILED', async () => {
    const big = JSON.stringify({ keys: [rsaA().jwk('A', 'RS256')], pad: 'x'.repeat(600 * 1024) });
    server.behaviour = { kind: 'raw', body: big };
    const v = verifier();
    try {
      await v.verify(token('A'));
      expect.fail('accepted');
    } catch (error) {
      expect((error as JwtError).code).to.equal('ERR_JWKS_FETCH_FAILED');
      expect((error as JwtError).reason).to.equal('ERR_HTTP_BODY_TOO_LARGE');
    }
    server.behaviour = { kind: 'raw', body: big, chunked: true };
    h.clock.advance(10_000);
    const chunked = await v.verify(token('A')).catch((e: JwtError) => e);
    expect((chunked as JwtError).reason).to.equal('ERR_HTTP_BODY_TOO_LARGE');
  });

  it('S-09: more than 100 keys (e.g. 5,000) -> ERR_JWKS_INVALID', async () => {
    server.setKeys(Array.from({ length: 101 }, (_, i) => ({ ...rsaA().jwk(`k${i}`, 'RS256') })));
    expect(await code(verifier().verify(token('A')))).to.equal('ERR_JWKS_INVALID');
    server.setKeys(Array.from({ length: 5000 }, (_, i) => ({ kty: 'RSA', kid: `k${i}` })));
    h.clock.advance(10_000);
    expect(await code(verifier({ maxBytes: 2 * 1024 * 1024 }).verify(token('A')))).to.equal('ERR_JWKS_INVALID');
  });

  it('K-02: a redirect is not followed -> ERR_JWKS_FETCH_FAILED, the target gets no request', async () => {
    const target = await new JwksServer().start();
    try {
      target.setKeys([rsaA().jwk('A', 'RS256')]);
      for (const status of [301, 302, 307]) {
        server.behaviour = { kind: 'redirect', location: target.url, status };
        h.clock.advance(10_000);
        const error = (await verifier()
          .verify(token('A'))
          .catch((e: JwtError) => e)) as JwtError;
        expect(error.code).to.equal('ERR_JWKS_FETCH_FAILED');
        expect(error.reason).to.equal('ERR_HTTP_REDIRECT_REFUSED');
      }
      expect(target.requests).to.equal(0);
    } finally {
      await target.stop();
    }
  });

  it('invalid JSON, a JSON array, or no keys array -> ERR_JWKS_FETCH_FAILED / ERR_JWKS_INVALID', async () => {
    server.behaviour = { kind: 'raw', body: '{"keys": [' };
    const error = (await verifier()
      .verify(token('A'))
      .catch((e: JwtError) => e)) as JwtError;
    expect(error.code).to.equal('ERR_JWKS_FETCH_FAILED');
    expect(error.reason).to.equal('ERR_HTTP_INVALID_JSON');
    server.behaviour = { kind: 'raw', body: '[]' };
    h.clock.advance(10_000);
    expect(
      (
        (await verifier()
          .verify(token('A'))
          .catch((e: JwtError) => e)) as JwtError
      ).reason,
    ).to.equal('ERR_HTTP_INVALID_JSON');
    server.behaviour = { kind: 'json', body: { keys: 'none' } };
    h.clock.advance(10_000);
    expect(await code(verifier().verify(token('A')))).to.equal('ERR_JWKS_INVALID');
  });

  it('keys without alg are skipped (logged) and the rest of the set keeps working; allowKeysWithoutAlg uses them', async () => {
    server.setKeys([rsaA().jwk('A', 'RS256'), rsaB().jwk('B')]);
    const v = verifier();
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    const error = (await v.verify(token('B', rsaB().privateKey)).catch((e: JwtError) => e)) as JwtError;
    expect(error.code).to.equal('ERR_JWKS_KEY_UNUSABLE');
    expect(error.message).to.contain('no alg');
    expect(server.requests).to.equal(1); // a known (skipped) kid forces no refresh
    expect(h.logger.at('info').some((l) => l.message.includes('1 key(s) skipped'))).to.equal(true);
    const lenient = verifier({ allowKeysWithoutAlg: true });
    expect(await code(lenient.verify(token('B', rsaB().privateKey)))).to.equal('ACCEPT');
    // Even then the alg stays pinned: the alg-less RSA key does not serve PS256 unless PS256 is allowed.
    const ps = signRaw({ alg: 'PS256', kid: 'B' }, idClaims(h.clock.seconds), h.algorithm('PS256'), rsaB().privateKey);
    expect(await code(lenient.verify(ps))).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
  });

  it('K-07: use:enc, key_ops without verify, private keys and oct keys are never used', async () => {
    const priv = { ...(rsaB().privateKey.export({ format: 'jwk' }) as object), kid: 'P', alg: 'RS256' };
    server.setKeys([
      { ...rsaB().jwk('E', 'RS256'), use: 'enc' },
      { ...rsaB().jwk('O', 'RS256'), key_ops: ['encrypt'] },
      priv,
      { kty: 'oct', k: 'c2VjcmV0', kid: 'S', alg: 'HS256' },
      rsaA().jwk('A', 'RS256'),
    ]);
    const v = verifier();
    expect(await code(v.verify(token('A')))).to.equal('ACCEPT');
    for (const kid of ['E', 'O', 'P'])
      expect(await code(v.verify(token(kid, rsaB().privateKey))), kid).to.equal('ERR_JWKS_KEY_UNUSABLE');
    expect(server.requests).to.equal(1);
  });

  it('S-06 over JWKS: a 1024-bit RSA key -> ERR_JWKS_KEY_UNUSABLE without refetching', async () => {
    server.setKeys([testKey('rsa1024').jwk('W', 'RS256')]);
    const v = verifier();
    expect(await code(v.verify(token('W', testKey('rsa1024').privateKey)))).to.equal('ERR_JWKS_KEY_UNUSABLE');
    expect(await code(v.verify(token('W', testKey('rsa1024').privateKey)))).to.equal('ERR_JWKS_KEY_UNUSABLE');
    expect(server.requests).to.equal(1);
  });

  it('one source is shared by verifiers of the same URI and options', async () => {
    const a = verifier();
    const b = verifier();
    await Promise.all([a.verify(token('A')), b.verify(token('A'))]);
    expect(server.requests).to.equal(1);
    expect(h.pool.get(server.url, { timeoutMs: 300 }).status()).to.include({ keys: 1, fetches: 1, stale: false });
    expect(a.keySource).to.equal(b.keySource);
    expect(a.keySource.kind).to.equal('jwks');
    expect(a.algorithms).to.deep.equal(['RS256']);
  });
});
