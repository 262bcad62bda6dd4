import { expect } from 'chai';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeOp, type FakeOp } from '../../../support/fake-op/fake-op.js';
import { clientKit, codeFrom, REDIRECT_URI, rejectionOf, settingsFor, type ClientKit } from './support.js';

describe('oidc client: UserInfoClient', function () {
  let op: FakeOp;
  let kit: ClientKit;
  let accessToken: string;

  before(async function () {
    op = await startFakeOp({ clientId: 'crm' });
  });
  after(async () => op?.stop());
  beforeEach(async function () {
    kit = clientKit();
    op.reset();
    op.behave({ delayMs: 5_000 });
    const { code, codeVerifier } = await codeFrom(op);
    const tokens = await kit.tokens.exchangeCode({
      settings: settingsFor(op),
      code,
      codeVerifier,
      redirectUri: REDIRECT_URI,
    });
    accessToken = tokens.accessToken!;
    op.resetCounts();
  });
  afterEach(() => kit.dispose());

  const fetchAs = (sub = 'alice') => kit.userInfo.fetch({ settings: settingsFor(op), accessToken, expectedSub: sub });

  it('rp-userinfo-bearer-header: reads the claims with Authorization: Bearer', async function () {
    const claims = await fetchAs();
    expect(claims['sub']).to.equal('alice');
    expect(claims['email']).to.be.a('string');
    const request = op.requests.find((r) => r.endpoint === 'userinfo')!;
    expect(request.method).to.equal('GET');
    expect(request.headers['authorization']).to.equal(`Bearer ${accessToken}`);
    expect(request.url).to.not.include(accessToken);
  });

  it('rp-userinfo-bad-sub-claim: a different sub is ERR_OIDC_USERINFO_SUB_MISMATCH', async function () {
    op.behave({ userinfo: 'sub-mismatch' });
    const error = await rejectionOf(fetchAs());
    expect(error.code).to.equal('ERR_OIDC_USERINFO_SUB_MISMATCH');
    expect(error.reason).to.equal('different');
  });

  it('a userinfo answer without sub is ERR_OIDC_USERINFO_SUB_MISMATCH', async function () {
    op.behave({ userinfo: 'missing-sub' });
    const error = await rejectionOf(fetchAs());
    expect(error.code).to.equal('ERR_OIDC_USERINFO_SUB_MISMATCH');
    expect(error.reason).to.equal('missing');
  });

  it('the expected sub is compared exactly (no normalisation)', async function () {
    expect((await rejectionOf(fetchAs('Alice'))).code).to.equal('ERR_OIDC_USERINFO_SUB_MISMATCH');
  });

  const rows: Array<{ id: string; userinfo: string; code: string }> = [
    { id: 'U-02', userinfo: 'unauthorized', code: 'ERR_OIDC_USERINFO_UNAUTHORIZED' },
    { id: 'U-02', userinfo: 'server-error', code: 'ERR_OIDC_USERINFO_UNAVAILABLE' },
    { id: 'U-02', userinfo: 'html', code: 'ERR_OIDC_USERINFO_RESPONSE_INVALID' },
    { id: 'U-02', userinfo: 'slow', code: 'ERR_OIDC_USERINFO_TIMEOUT' },
    { id: 'U-01', userinfo: 'huge-body', code: 'ERR_OIDC_USERINFO_RESPONSE_TOO_LARGE' },
  ];
  for (const row of rows) {
    it(`${row.id} userinfo behaviour ${row.userinfo} -> ${row.code}, no token in the message`, async function () {
      op.behave({ userinfo: row.userinfo as never });
      const error = await rejectionOf(fetchAs());
      expect(error.code, error.message).to.equal(row.code);
      expect(error.message).to.not.include(accessToken);
      expect(op.counts.userinfo).to.equal(1);
    });
  }

  it('a "__proto__" member stays a plain own property (no prototype change)', async function () {
    op.behave({ userinfo: 'proto-member' });
    const claims = await fetchAs();
    expect(Object.getPrototypeOf(claims)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });

  it('without a userinfo endpoint: ERR_OIDC_USERINFO_NOT_CONFIGURED and no request', async function () {
    const error = await rejectionOf(
      kit.userInfo.fetch({ settings: settingsFor(op, { userInfoEndpoint: null }), accessToken, expectedSub: 'alice' }),
    );
    expect(error.code).to.equal('ERR_OIDC_USERINFO_NOT_CONFIGURED');
    expect(op.counts.userinfo).to.equal(0);
  });

  describe('against a local server', function () {
    let server: Server;
    let base: string;
    let answer: (res: ServerResponse) => void;
    before(async function () {
      server = createServer((_req, res) => answer(res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => new Promise<void>((resolve) => server.close(() => resolve())));
    const call = () =>
      kit.userInfo.fetch({
        settings: settingsFor(null, { userInfoEndpoint: `${base}/userinfo` }),
        accessToken: 'at',
        expectedSub: 'alice',
      });

    it('an application/jwt answer that is no valid JWS is ERR_OIDC_USERINFO_JWT_INVALID', async function () {
      answer = (res) => res.writeHead(200, { 'content-type': 'application/jwt' }).end('eyJhbGciOiJSUzI1NiJ9.e30.sig');
      const error = await rejectionOf(call());
      expect(error.code).to.equal('ERR_OIDC_USERINFO_JWT_INVALID');
    });

    it('a redirect is not followed (ERR_OIDC_USERINFO_REDIRECT)', async function () {
      answer = (res) => res.writeHead(302, { location: `${base}/elsewhere` }).end();
      expect((await rejectionOf(call())).code).to.equal('ERR_OIDC_USERINFO_REDIRECT');
    });

    it('a JSON array is ERR_OIDC_USERINFO_RESPONSE_INVALID', async function () {
      answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"sub":"alice"}]');
      expect((await rejectionOf(call())).code).to.equal('ERR_OIDC_USERINFO_RESPONSE_INVALID');
    });

    it('JSON with a charset parameter and without a content type are both read', async function () {
      answer = (res) =>
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"sub":"alice","name":"Ä"}');
      expect((await call())['name']).to.equal('Ä');
      answer = (res) => res.writeHead(200).end('{"sub":"alice"}');
      expect((await call())['sub']).to.equal('alice');
    });

    it('a 403 is ERR_OIDC_USERINFO_UNAUTHORIZED; a 404 is ERR_OIDC_USERINFO_RESPONSE_INVALID', async function () {
      answer = (res) => res.writeHead(403).end();
      expect((await rejectionOf(call())).code).to.equal('ERR_OIDC_USERINFO_UNAUTHORIZED');
      answer = (res) => res.writeHead(404).end();
      expect((await rejectionOf(call())).code).to.equal('ERR_OIDC_USERINFO_RESPONSE_INVALID');
    });
  });
});
