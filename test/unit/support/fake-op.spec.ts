import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import {
  DISCOVERY_BEHAVIOURS,
  JWKS_BEHAVIOURS,
  TOKEN_BEHAVIOURS,
  USERINFO_BEHAVIOURS,
} from '../../support/fake-op/endpoint-behaviours.js';
import { JWT_DEFECTS, type JwtDefectName } from '../../support/fake-op/jwt-defects.js';

const REDIRECT = 'http://127.0.0.1:1/cb';

interface FlowResult {
  callback: URL;
  tokenStatus?: number;
  tokens?: Record<string, unknown>;
}

/** Drives the fake OP like an RP would: /authorize (PKCE), then /token with client_secret_basic. */
async function codeFlow(
  op: FakeOp,
  { exchange = true, verifier = randomBytes(32).toString('base64url') } = {},
): Promise<FlowResult> {
  const auth = new URL(op.endpoints.authorization);
  auth.search = new URLSearchParams({
    client_id: op.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid email',
    state: 'st',
    nonce: 'n-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const res = await fetch(auth, { redirect: 'manual' });
  const callback = new URL(res.headers.get('location') ?? '');
  if (!exchange) return { callback };
  const basic = Buffer.from(`${op.clientId}:${op.clientSecret}`).toString('base64');
  const tokenRes = await fetch(op.endpoints.token, {
    method: 'POST',
    redirect: 'manual',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  return {
    callback,
    tokenStatus: tokenRes.status,
    tokens: (await tokenRes.json().catch(() => undefined)) as Record<string, unknown>,
  };
}

/**
 * What jose ALONE says about each defect under strict options (issuer, audience, pinned alg, required claims,
 * maxTokenAge). 'accept' rows are the checks the RP must add itself (azp, nonce value, auth_time, typ, sub).
 */
const JOSE_OUTCOME: Record<JwtDefectName, string> = {
  'wrong-aud': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'missing-aud': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'secondary-aud': 'accept',
  'untrusted-aud-with-azp': 'accept',
  'aud-array': 'accept',
  'wrong-azp': 'accept',
  'wrong-iss': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'iss-trailing-slash': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'missing-iss': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'wrong-nonce': 'accept',
  'missing-nonce': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'wrong-sub': 'accept',
  'missing-sub': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'missing-iat': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'missing-exp': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  expired: 'ERR_JWT_EXPIRED',
  'expired-20s-ago': 'ERR_JWT_EXPIRED',
  'iat-week-old': 'ERR_JWT_EXPIRED',
  'iat-hour-old': 'ERR_JWT_EXPIRED',
  'iat-in-future': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'exp-as-string': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'iat-as-string': 'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'auth-time-as-string': 'accept',
  'auth-time-old': 'accept',
  'missing-auth-time': 'accept',
  'typ-at+jwt': 'accept',
  'typ-logout+jwt': 'accept',
  'alg-none': 'ERR_JOSE_ALG_NOT_ALLOWED',
  'alg-substitution': 'ERR_JOSE_ALG_NOT_ALLOWED',
  'hs256-with-public-key': 'ERR_JOSE_ALG_NOT_ALLOWED',
  'bad-signature': 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'signed-by-unknown-key-same-kid': 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'der-ecdsa': 'ERR_JOSE_ALG_NOT_ALLOWED',
  'crit-unknown': 'ERR_JOSE_NOT_SUPPORTED',
  'b64-false': 'ERR_JWT_INVALID',
  'embedded-jwk': 'ERR_JWKS_NO_MATCHING_KEY',
  'jku-header': 'ERR_JWKS_NO_MATCHING_KEY',
  'kid-unknown': 'ERR_JWKS_NO_MATCHING_KEY',
  'kid-path-traversal': 'ERR_JWKS_NO_MATCHING_KEY',
  'kid-sql': 'ERR_JWKS_NO_MATCHING_KEY',
  'kid-10kb': 'ERR_JWKS_NO_MATCHING_KEY',
  'weak-rsa-1024': 'TypeError',
  'duplicate-sub': 'accept',
  'huge-1mb': 'accept',
  'std-base64-signature': 'ERR_JWS_INVALID',
  'two-segments': 'ERR_JWS_INVALID',
  'four-segments': 'ERR_JWS_INVALID',
  'empty-signature': 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'kid-absent-single': 'accept',
  'kid-absent-multiple': 'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
};

async function joseOutcome(
  op: FakeOp,
  token: string,
  alg: string,
  requiredClaims = ['iss', 'aud', 'sub', 'exp', 'iat', 'nonce'],
): Promise<string> {
  try {
    await jwtVerify(token, createLocalJWKSet(op.servedJwks()), {
      issuer: op.issuer,
      audience: op.clientId,
      algorithms: [alg],
      requiredClaims,
      maxTokenAge: '10m',
    });
    return 'accept';
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).name;
  }
}

describe('support: fake OP', function () {
  let op: FakeOp;

  before(async function () {
    op = await startFakeOp({ clientSecret: 'fake-op-secret-0123456789-abcdefghij' });
  });
  afterEach(function () {
    op.reset();
    op.resetCounts();
    op.setClockOffset(0);
  });
  after(async function () {
    await op?.stop();
  });

  it('serves discovery and JWKS and counts requests per endpoint', async function () {
    const discovery = (await (await fetch(op.endpoints.discovery)).json()) as Record<string, unknown>;
    expect(discovery).to.include({
      issuer: op.issuer,
      jwks_uri: op.endpoints.jwks,
      authorization_response_iss_parameter_supported: true,
    });
    const jwks = (await (await fetch(op.endpoints.jwks)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).to.have.members(op.keys.publicJwks.keys.map((k) => k.kid as string));
    expect(jwks.keys.every((k) => k.d === undefined)).to.equal(true);
    expect(op.counts).to.include({ discovery: 1, jwks: 1, token: 0, userinfo: 0 });
  });

  it('serves below an issuer path, keeping a trailing slash in the issuer only', async function () {
    const pathOp = await startFakeOp({ issuerPath: '/application/o/crm/' });
    try {
      expect(pathOp.issuer).to.equal(`${pathOp.origin}/application/o/crm/`);
      expect(pathOp.endpoints.token).to.equal(`${pathOp.origin}/application/o/crm/token`);
      const discovery = (await (await fetch(pathOp.endpoints.discovery)).json()) as Record<string, unknown>;
      expect(discovery.issuer).to.equal(pathOp.issuer);
      expect(decodeJwt(await pathOp.signIdToken()).iss).to.equal(pathOp.issuer);
      expect((await fetch(`${pathOp.origin}/token`, { method: 'POST' })).status).to.equal(404);
      expect(pathOp.counts.unknown).to.equal(1);
    } finally {
      await pathOp.stop();
    }
  });

  it('runs a correct code flow: iss in the callback, PKCE checked, nonce echoed, userinfo by bearer', async function () {
    const { callback, tokenStatus, tokens } = await codeFlow(op);
    expect(callback.searchParams.get('iss')).to.equal(op.issuer);
    expect(callback.searchParams.get('state')).to.equal('st');
    expect(tokenStatus).to.equal(200);
    expect(op.lastTokenRequest?.authMethod).to.equal('client_secret_basic');
    const { payload } = await jwtVerify(String(tokens?.id_token), createLocalJWKSet(op.servedJwks()), {
      issuer: op.issuer,
      audience: op.clientId,
      algorithms: ['RS256'],
    });
    expect(payload).to.include({ sub: 'alice', nonce: 'n-1', email: 'alice@example.test', sid: op.lastIssued?.sid });
    expect(op.lastIssued?.idToken).to.equal(tokens?.id_token);
    const info = await fetch(op.endpoints.userinfo, {
      headers: { authorization: `Bearer ${String(tokens?.access_token)}` },
    });
    expect(await info.json()).to.include({ sub: 'alice' });
    expect(op.counts).to.include({ authorize: 1, token: 1, userinfo: 1 });
  });

  it('rejects a wrong PKCE verifier and revokes the grant when a code is redeemed twice (F-01)', async function () {
    const first = await codeFlow(op);
    const code = first.callback.searchParams.get('code') ?? '';
    const basic = `Basic ${Buffer.from(`${op.clientId}:${op.clientSecret}`).toString('base64')}`;
    const replay = await fetch(op.endpoints.token, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: 'whatever',
      }),
    });
    expect(replay.status).to.equal(400);
    expect(await replay.json()).to.include({ error: 'invalid_grant' });
    const info = await fetch(op.endpoints.userinfo, {
      headers: { authorization: `Bearer ${String(first.tokens?.access_token)}` },
    });
    expect(info.status).to.equal(401);

    const { callback } = await codeFlow(op, { exchange: false });
    const wrongVerifier = await fetch(op.endpoints.token, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        code_verifier: 'x'.repeat(43),
      }),
    });
    expect(await wrongVerifier.json()).to.include({
      error: 'invalid_grant',
      error_description: 'PKCE verification failed',
    });
  });

  it('refreshes grants with offline_access: same sub and nonce, and ID-token defects apply (1.8 rows)', async function () {
    const verifier = 'r'.repeat(43);
    const auth = new URL(op.endpoints.authorization);
    auth.search = new URLSearchParams({
      client_id: op.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline_access',
      nonce: 'n-r',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const code =
      new URL((await fetch(auth, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const form = { client_id: op.clientId, client_secret: op.clientSecret };
    const post = async (body: Record<string, string>): Promise<Record<string, unknown>> =>
      (await (
        await fetch(op.endpoints.token, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...form, ...body }),
        })
      ).json()) as Record<string, unknown>;
    const first = await post({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(first.refresh_token).to.be.a('string');
    op.behave({ idToken: ['wrong-iss'] });
    const refreshed = await post({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token) });
    expect(decodeJwt(String(refreshed.id_token))).to.include({
      sub: 'alice',
      nonce: 'n-r',
      iss: 'https://example.org/',
    });
    expect(await post({ grant_type: 'refresh_token', refresh_token: 'unknown' })).to.include({
      error: 'invalid_grant',
    });
  });

  it('detects client_secret_post and client_secret_jwt; refuses a wrong secret and a confidential client without one', async function () {
    const post = async (form: Record<string, string>): Promise<Response> => {
      const { callback } = await codeFlow(op, { exchange: false, verifier: 'v'.repeat(43) });
      return fetch(op.endpoints.token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: REDIRECT,
          code_verifier: 'v'.repeat(43),
          ...form,
        }),
      });
    };
    expect((await post({ client_id: op.clientId, client_secret: op.clientSecret })).status).to.equal(200);
    expect(op.lastTokenRequest?.authMethod).to.equal('client_secret_post');
    const wrong = await post({ client_id: op.clientId, client_secret: 'nope' });
    expect(wrong.status).to.equal(401);
    const unauthenticated = await post({ client_id: op.clientId });
    expect(unauthenticated.status).to.equal(401);
    expect(op.lastTokenRequest?.authMethod).to.equal('none');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(op.clientId)
      .setSubject(op.clientId)
      .setAudience(op.endpoints.token)
      .setJti(randomBytes(8).toString('hex'))
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(op.clientSecret));
    const jwtAuth = await post({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(jwtAuth.status).to.equal(200);
    expect(op.lastTokenRequest?.authMethod).to.equal('client_secret_jwt');
  });

  it('produces every JWT defect so that jose alone gives the documented outcome', async function () {
    for (const name of Object.keys(JWT_DEFECTS) as JwtDefectName[]) {
      op.behave({ idToken: [name] }); // JWKS-side effects (kid-absent-*, weak key)
      const token = await op.signIdToken({ nonce: 'n-1', defects: [name] });
      expect(await joseOutcome(op, token, 'RS256'), name).to.equal(JOSE_OUTCOME[name]);
    }
    expect(decodeJwt(await op.signIdToken({ defects: ['duplicate-sub'] })).sub).to.equal('attacker');
  });

  it('puts ID-token defects into /token responses while the behaviour is set', async function () {
    op.behave({ idToken: ['wrong-aud'], idTokenClaims: { email: undefined, acr: 'x' } });
    const { tokens } = await codeFlow(op);
    const claims = decodeJwt(String(tokens?.id_token));
    expect(claims.aud).to.equal('https://example.com/');
    expect(claims).to.include({ acr: 'x' });
    expect(claims).not.to.have.property('email');
  });

  it('signs ID tokens with each registered algorithm (HS256 with the client secret)', async function () {
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'] as const) {
      const other = await startFakeOp({ alg, clientSecret: 'hs256-secret-0123456789-abcdefghijklmnop' });
      try {
        const token = await other.signIdToken({ nonce: 'n-1' });
        const key =
          alg === 'HS256' ? new TextEncoder().encode(other.clientSecret) : createLocalJWKSet(other.servedJwks());
        const { protectedHeader } = await jwtVerify(token, key as Uint8Array, {
          issuer: other.issuer,
          audience: other.clientId,
          algorithms: [alg],
        });
        expect(protectedHeader.alg, alg).to.equal(alg);
        expect(protectedHeader.kid === undefined, alg).to.equal(alg === 'HS256');
      } finally {
        await other.stop();
      }
    }
  });

  it('serves DER-encoded ECDSA for an ES256 client, which jose refuses', async function () {
    const es = await startFakeOp({ alg: 'ES256' });
    try {
      const token = await es.signIdToken({ nonce: 'n-1', defects: ['der-ecdsa'] });
      expect(decodeProtectedHeader(token).alg).to.equal('ES256');
      expect(Buffer.from(token.split('.')[2], 'base64url')[0]).to.equal(0x30); // DER SEQUENCE
      expect(await joseOutcome(es, token, 'ES256')).to.equal('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      expect(await joseOutcome(es, await es.signIdToken({ nonce: 'n-1' }), 'ES256')).to.equal('accept');
    } finally {
      await es.stop();
    }
  });

  it('shapes the authorization response (iss wrong/missing, injected id_token, IdP error)', async function () {
    op.behave({ authorize: 'iss-wrong' });
    expect((await codeFlow(op, { exchange: false })).callback.searchParams.get('iss')).to.equal('https://evil.example');
    op.behave({ authorize: 'iss-missing' });
    expect((await codeFlow(op, { exchange: false })).callback.searchParams.has('iss')).to.equal(false);
    op.behave({ authorize: 'extra-id_token' });
    expect(
      decodeJwt((await codeFlow(op, { exchange: false })).callback.searchParams.get('id_token') ?? '').nonce,
    ).to.equal('n-1');
    op.behave({ authorize: 'error-access_denied' });
    const denied = (await codeFlow(op, { exchange: false })).callback.searchParams;
    expect(denied.get('error')).to.equal('access_denied');
    expect(denied.has('code')).to.equal(false);
    expect(denied.get('state')).to.equal('st');
  });

  it('misbehaves at the token endpoint: invalid_grant, HTML, redirect, 10 MB body, slow', async function () {
    op.behave({ token: 'invalid_grant' });
    expect((await codeFlow(op)).tokenStatus).to.equal(400);
    op.behave({ token: 'html' });
    const html = await fetch(op.endpoints.token, { method: 'POST' });
    expect(html.headers.get('content-type')).to.equal('text/html');
    op.behave({ token: 'redirect' });
    const redirect = await fetch(op.endpoints.token, { method: 'POST', redirect: 'manual' });
    expect(redirect.status).to.equal(307);
    expect(redirect.headers.get('location')).to.equal(`${op.issuer}/token-moved`);
    op.behave({ token: 'huge-body' });
    const huge = await fetch(op.endpoints.token, { method: 'POST' });
    expect((await huge.arrayBuffer()).byteLength).to.be.greaterThan(10 * 1024 * 1024);
    op.behave({ token: 'slow', delayMs: 5000 });
    const started = Date.now();
    const slow = await fetch(op.endpoints.token, { method: 'POST', signal: AbortSignal.timeout(150) }).catch(
      (err: Error) => err,
    );
    expect(slow).to.be.instanceOf(Error);
    expect(Date.now() - started).to.be.lessThan(2000);
    expect(op.counts.token).to.equal(5);
  });

  it('misbehaves at userinfo and JWKS (sub mismatch, 401, 503, redirect, oversize)', async function () {
    op.behave({ userinfo: 'sub-mismatch' });
    const { tokens } = await codeFlow(op);
    const info = await fetch(op.endpoints.userinfo, {
      headers: { authorization: `Bearer ${String(tokens?.access_token)}` },
    });
    expect(await info.json()).to.include({ sub: 'foobar' });
    op.behave({ userinfo: 'unauthorized' });
    expect((await fetch(op.endpoints.userinfo)).headers.get('www-authenticate')).to.match(/invalid_token/);
    op.behave({ jwks: 'unavailable' });
    expect((await fetch(op.endpoints.jwks)).status).to.equal(503);
    op.behave({ jwks: 'redirect' });
    expect((await fetch(op.endpoints.jwks, { redirect: 'manual' })).status).to.equal(302);
    op.behave({ jwks: 'oversize' });
    expect(((await (await fetch(op.endpoints.jwks)).json()) as { keys: unknown[] }).keys).to.have.length(5000);
  });

  it('answers every endpoint behaviour without breaking the OP', async function () {
    const registries = {
      token: TOKEN_BEHAVIOURS,
      userinfo: USERINFO_BEHAVIOURS,
      jwks: JWKS_BEHAVIOURS,
      discovery: DISCOVERY_BEHAVIOURS,
    } as const;
    const urls = {
      token: op.endpoints.token,
      userinfo: op.endpoints.userinfo,
      jwks: op.endpoints.jwks,
      discovery: op.endpoints.discovery,
    };
    for (const [endpoint, registry] of Object.entries(registries) as [keyof typeof registries, object][]) {
      for (const name of Object.keys(registry)) {
        const { tokens } = endpoint === 'userinfo' ? await codeFlow(op) : { tokens: undefined };
        op.behave({ [endpoint]: name, delayMs: 20 });
        const res = await fetch(urls[endpoint], {
          method: endpoint === 'token' ? 'POST' : 'GET',
          redirect: 'manual',
          headers: tokens ? { authorization: `Bearer ${String(tokens.access_token)}` } : {},
        }).catch((err: Error) => err);
        if (res instanceof Response) await res.arrayBuffer();
        else expect(name, `${endpoint}/${name}: ${res.message}`).to.equal('connection-reset');
        op.reset();
      }
    }
    expect((await fetch(op.endpoints.discovery)).status).to.equal(200);
  });

  it('applies a clock offset to iat/exp (skew tests)', async function () {
    op.setClockOffset(-120);
    const claims = decodeJwt(await op.signIdToken());
    expect(Math.floor(Date.now() / 1000) - Number(claims.iat)).to.be.within(119, 122);
  });

  it('mints logout tokens with each 1.9 defect and delivers them form/JSON/GET/duplicated', async function () {
    const valid = decodeJwt(await op.logoutToken({ sid: 's-1' }));
    expect(valid).to.include({ iss: op.issuer, aud: op.clientId, sub: 'alice', sid: 's-1' });
    expect(valid.events).to.deep.equal({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(decodeProtectedHeader(await op.logoutToken()).typ).to.equal('logout+jwt');
    expect(decodeJwt(await op.logoutToken({ defects: ['with-nonce'] })).nonce).to.be.a('string');
    expect(decodeJwt(await op.logoutToken({ defects: ['no-sub-no-sid'] }))).not.to.have.any.keys('sub', 'sid');
    expect(decodeProtectedHeader(await op.logoutToken({ defects: ['wrong-alg'] })).alg).to.equal('ES256');
    expect(decodeProtectedHeader(await op.logoutToken({ defects: ['alg-none'] })).alg).to.equal('none');
    expect(await joseOutcome(op, await op.logoutToken({ defects: ['iat-hour-old'] }), 'RS256', ['iat'])).to.equal(
      'ERR_JWT_EXPIRED',
    );

    const seen: { method?: string; type?: string; url?: string; body: string }[] = [];
    const rp = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, type: req.headers['content-type'], url: req.url, body });
        res.writeHead(200, { 'cache-control': 'no-store' }).end();
      });
    });
    rp.listen(0, '127.0.0.1');
    await once(rp, 'listening');
    const uri = `http://127.0.0.1:${(rp.address() as AddressInfo).port}/backchannel`;
    try {
      const token = await op.logoutToken();
      const result = await op.sendLogoutToken(uri, token, { extraParams: { ignored_parameter: '1' } });
      expect(result.status).to.equal(200);
      expect(result.headers.get('cache-control')).to.equal('no-store');
      await op.sendLogoutToken(uri, token, { encoding: 'json' });
      await op.sendLogoutToken(uri, token, { method: 'GET', encoding: 'query' });
      await op.sendLogoutToken(uri, token, { duplicate: true });
      expect(seen[0]).to.include({ method: 'POST', type: 'application/x-www-form-urlencoded' });
      expect(new URLSearchParams(seen[0].body).get('ignored_parameter')).to.equal('1');
      expect(seen[1]).to.include({ type: 'application/json' });
      expect(seen[2].method).to.equal('GET');
      expect(new URLSearchParams(String(seen[2].url).split('?')[1]).get('logout_token')).to.equal(token);
      expect(new URLSearchParams(seen[3].body).getAll('logout_token')).to.have.length(2);
    } finally {
      rp.close();
    }
  });
});
