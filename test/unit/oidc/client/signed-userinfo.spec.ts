import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { clientKit, rejectionOf, settingsFor, type ClientKit } from './support.js';

const SECRET = 'hs-secret-0123456789-0123456789-0123456789-0123456789-abcdefghij';

describe('oidc client: signed userinfo (application/jwt)', function () {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  let server: Server;
  let base: string;
  let body: string;
  let kit: ClientKit;

  before(async function () {
    server = createServer((req, res: ServerResponse) => {
      if (req.url === '/jwks')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(200, { 'content-type': 'application/jwt' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (kit = clientKit()));
  afterEach(() => kit.dispose());

  const settings = (extra: Parameters<typeof settingsFor>[1] = {}) =>
    settingsFor(null, {
      issuer: 'https://idp.example.test',
      userInfoEndpoint: `${base}/userinfo`,
      jwksEndpoint: `${base}/jwks`,
      clientSecret: SECRET,
      ...extra,
    });
  const sign = (claims: Record<string, unknown>, options: { key?: unknown; alg?: string; kid?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'k1' })
      .setIssuedAt(Math.floor(kit.clock.now() / 1000))
      .sign((options.key ?? privateKey) as Parameters<SignJWT['sign']>[0]);
  const fetchAs = (s = settings(), expectedSub = 'alice') =>
    kit.userInfo.fetch({ settings: s, accessToken: 'at', expectedSub });
  const valid = { iss: 'https://idp.example.test', aud: 'crm', sub: 'alice', email: 'alice@example.test' };

  it('oidcc-client-test-userinfo-signed: a signed answer is verified and its claims returned', async function () {
    body = await sign(valid);
    const claims = await fetchAs();
    expect(claims).to.include({ sub: 'alice', email: 'alice@example.test' });
  });

  it('without aud and exp it is still accepted (both optional in OIDC Core 5.3.2)', async function () {
    body = await sign({ iss: valid.iss, sub: 'alice' });
    expect((await fetchAs())['sub']).to.equal('alice');
  });

  const refused: Array<[string, () => Promise<string>]> = [
    ['signed by another key with the same kid', () => sign(valid, { key: attacker.privateKey })],
    ['another issuer', () => sign({ ...valid, iss: 'https://evil.example' })],
    ['no issuer', () => sign({ aud: 'crm', sub: 'alice' })],
    ['another audience', () => sign({ ...valid, aud: 'another-client' })],
    [
      'an algorithm outside the allowed list (HS256 keyed by the secret)',
      () => sign(valid, { key: new TextEncoder().encode(SECRET), alg: 'HS256' }),
    ],
    ['an expired answer', () => sign({ ...valid, exp: Math.floor(kit.clock.now() / 1000) - 3600 })],
  ];
  for (const [name, make] of refused) {
    it(`refuses ${name} (ERR_OIDC_USERINFO_JWT_INVALID)`, async function () {
      body = await make();
      const error = await rejectionOf(fetchAs());
      expect(error.code, error.message).to.equal('ERR_OIDC_USERINFO_JWT_INVALID');
      expect(error.reason).to.match(/^ERR_JWT_/);
    });
  }

  it('refuses an answer without iat (documented: iat is required, at most 10 minutes old)', async function () {
    body = await new SignJWT(valid).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
    const error = await rejectionOf(fetchAs());
    expect(error.code).to.equal('ERR_OIDC_USERINFO_JWT_INVALID');
  });

  it('rp-userinfo-bad-sub-claim: a verified answer for another sub is ERR_OIDC_USERINFO_SUB_MISMATCH', async function () {
    body = await sign({ ...valid, sub: 'mallory' });
    expect((await rejectionOf(fetchAs())).code).to.equal('ERR_OIDC_USERINFO_SUB_MISMATCH');
  });

  it('HS256 with the client secret when the allowed list is HS*', async function () {
    body = await sign(valid, { key: new TextEncoder().encode(SECRET), alg: 'HS256' });
    const claims = await fetchAs(settings({ jwtSignatureAlgorithmList: ['HS256'], jwksEndpoint: null }));
    expect(claims['sub']).to.equal('alice');
  });

  it('a clock tolerance above 5 minutes (the settings allow 10) is capped, not a verifier configuration error', async function () {
    body = await sign(valid);
    const claims = await fetchAs(settings({ clockToleranceMs: 10 * 60_000 }));
    expect(claims['sub']).to.equal('alice');
  });
});
