import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeOp, type FakeOp } from '../../../support/fake-op/fake-op.js';
import { clientKit, codeFrom, REDIRECT_URI, rejectionOf, settingsFor, type ClientKit } from './support.js';

const SECRET = 'fake-op-secret:+/%&=-0123456789-abcdefghijklmnop';

describe('oidc client: TokenClient', function () {
  let op: FakeOp;
  let kit: ClientKit;

  before(async function () {
    op = await startFakeOp({ clientId: 'crm', clientSecret: SECRET });
  });
  after(async () => op?.stop());
  beforeEach(() => {
    kit = clientKit();
    op.reset();
    op.behave({ delayMs: 5_000 });
    op.resetCounts();
  });
  afterEach(() => kit.dispose());

  async function exchange(extra: Parameters<typeof settingsFor>[1] = {}) {
    const { code, codeVerifier } = await codeFrom(op);
    return kit.tokens.exchangeCode({ settings: settingsFor(op, extra), code, codeVerifier, redirectUri: REDIRECT_URI });
  }

  it('redeems a code with client_secret_basic (a secret with :+/%&=) and returns the token set', async function () {
    const tokens = await exchange();
    expect(op.lastTokenRequest?.authMethod).to.equal('client_secret_basic');
    expect(tokens.idToken).to.equal(op.lastIssued?.idToken);
    expect(tokens.accessToken).to.equal(op.lastIssued?.accessToken);
    expect(tokens.tokenType).to.equal('bearer');
    expect(tokens.expiresIn).to.be.a('number');
    const request = op.requests.find((r) => r.endpoint === 'token')!;
    expect(request.headers['accept']).to.equal('application/json');
    const form = new URLSearchParams(request.body);
    expect(form.get('grant_type')).to.equal('authorization_code');
    expect(form.get('redirect_uri')).to.equal(REDIRECT_URI);
    expect(form.get('code_verifier')).to.be.a('string');
  });

  it('redeems a code with client_secret_post (never both places)', async function () {
    await exchange({ tokenEndpointAuthMethod: 'client_secret_post' });
    expect(op.lastTokenRequest?.authMethod).to.equal('client_secret_post');
  });

  it('redeems a code with client_secret_jwt (HS256 assertion accepted by the fake OP)', async function () {
    await exchange({ tokenEndpointAuthMethod: 'client_secret_jwt', clientAssertionAlgorithm: 'HS256' });
    expect(op.lastTokenRequest?.authMethod).to.equal('client_secret_jwt');
  });

  const rows: Array<{ id: string; token: string; code: string; check?: (e: Record<string, unknown>) => void }> = [
    {
      id: 'F-01',
      token: 'invalid_grant',
      code: 'ERR_OIDC_TOKEN_REJECTED',
      check: (e) => expect(e['oauthError']).to.equal('invalid_grant'),
    },
    {
      id: 'F-01',
      token: 'invalid_client',
      code: 'ERR_OIDC_CLIENT_AUTH_REJECTED',
      check: (e) => {
        expect(e['oauthError']).to.equal('invalid_client');
        expect(e['i18nKey']).to.equal('OidcClient.messages.clientAuthRejectedInvalidClient');
        expect(e['message']).to.match(/^The identity provider rejected the client ID or secret/);
      },
    },
    { id: 'F-02', token: 'server-error', code: 'ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE' },
    { id: 'F-02', token: 'unavailable', code: 'ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE' },
    { id: 'F-05', token: 'connection-reset', code: 'ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE' },
    { id: 'F-02', token: 'html', code: 'ERR_OIDC_TOKEN_RESPONSE_INVALID' },
    { id: 'F-02', token: 'non-json', code: 'ERR_OIDC_TOKEN_RESPONSE_INVALID' },
    { id: 'F-02', token: 'json-array', code: 'ERR_OIDC_TOKEN_RESPONSE_INVALID' },
    { id: 'F-02', token: 'huge-body', code: 'ERR_OIDC_TOKEN_RESPONSE_TOO_LARGE' },
    { id: 'F-02', token: 'redirect', code: 'ERR_OIDC_TOKEN_ENDPOINT_REDIRECT' },
    { id: 'F-05', token: 'slow', code: 'ERR_OIDC_TOKEN_ENDPOINT_TIMEOUT' },
    {
      id: 'F-03',
      token: 'missing-id-token',
      code: 'ERR_OIDC_TOKEN_RESPONSE_INVALID',
      check: (e) => expect(e['reason']).to.equal('id_token-missing'),
    },
    {
      id: 'F-03',
      token: 'missing-access-token',
      code: 'ERR_OIDC_TOKEN_RESPONSE_INVALID',
      check: (e) => expect(e['reason']).to.equal('access_token-missing'),
    },
    {
      id: 'F-09',
      token: 'token-type-unknown',
      code: 'ERR_OIDC_TOKEN_RESPONSE_INVALID',
      check: (e) => expect(e['reason']).to.equal('token_type-unsupported'),
    },
  ];
  for (const row of rows) {
    it(`${row.id} token behaviour ${row.token} -> ${row.code}, tried once, nothing secret in the message`, async function () {
      op.behave({ token: row.token as never });
      const { code, codeVerifier } = await codeFrom(op);
      const error = await rejectionOf(
        kit.tokens.exchangeCode({ settings: settingsFor(op), code, codeVerifier, redirectUri: REDIRECT_URI }),
      );
      expect(error.code, error.message).to.equal(row.code);
      row.check?.(error as unknown as Record<string, unknown>);
      expect(op.counts.token).to.equal(1, 'never retried');
      expect(op.counts.tokenMoved).to.equal(0, 'redirect not followed');
      for (const secret of [code, codeVerifier, SECRET, encodeURIComponent(SECRET)])
        expect(error.message).to.not.include(secret);
      expect(error.message).to.not.match(/<html|error_description/i);
    });
  }

  it('F-01 the rejection carries the OAuth error code but not the error_description', async function () {
    op.behave({ token: 'invalid_grant' });
    const { code, codeVerifier } = await codeFrom(op);
    const error = await rejectionOf(
      kit.tokens.exchangeCode({ settings: settingsFor(op), code, codeVerifier, redirectUri: REDIRECT_URI }),
    );
    expect(op.requests.filter((r) => r.endpoint === 'token')).to.have.length(1);
    expect(error.message).to.include('error=invalid_grant');
    expect(error.message).to.not.include('description');
  });

  it('F-09 token_type "bEARER" is accepted case-insensitively', async function () {
    op.behave({ token: 'token-type-mixed-case' });
    expect((await exchange()).tokenType).to.equal('bearer');
  });

  it('F-04 expires_in as a numeric string is parsed', async function () {
    op.behave({ token: 'expires-in-string' });
    expect((await exchange()).expiresIn).to.equal(600);
  });

  it('F-04 a response without expires_in and scope is accepted', async function () {
    op.behave({ token: 'no-expires-no-scope' });
    const tokens = await exchange();
    expect(tokens.expiresIn).to.equal(null);
    expect(tokens.scope).to.equal(null);
  });

  it('a code redeemed twice is rejected by the OP the second time (invalid_grant), never retried', async function () {
    const { code, codeVerifier } = await codeFrom(op);
    const input = { settings: settingsFor(op), code, codeVerifier, redirectUri: REDIRECT_URI };
    await kit.tokens.exchangeCode(input);
    const error = await rejectionOf(kit.tokens.exchangeCode(input));
    expect(error.code).to.equal('ERR_OIDC_TOKEN_REJECTED');
    expect(op.counts.token).to.equal(2);
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

    const call = (kitToUse: ClientKit) =>
      kitToUse.tokens.exchangeCode({
        settings: settingsFor(null, { tokenEndpoint: `${base}/token` }),
        code: 'c0de',
        codeVerifier: 'v',
        redirectUri: REDIRECT_URI,
      });

    it('an OAuth error code outside the RFC 6749 charset is not echoed', async function () {
      answer = (res) =>
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad"<script>' }));
      const error = await rejectionOf(call(kit));
      expect(error.code).to.equal('ERR_OIDC_TOKEN_REJECTED');
      expect(error.oauthError).to.equal('invalid_error_code');
      expect(error.message).to.not.include('script');
    });

    // Regression (issue 11): a token endpoint that refused the client authentication with 403 and no body
    // read as ERR_OIDC_TOKEN_RESPONSE_INVALID, and the failure page said the IdP "is not available".
    const clientAuthCases: Array<{
      name: string;
      status: number;
      body: string;
      type: string;
      oauthError: string | null;
    }> = [
      { name: '403 without a body', status: 403, body: '', type: 'text/plain', oauthError: null },
      { name: '401 with an HTML page', status: 401, body: '<html>denied</html>', type: 'text/html', oauthError: null },
      {
        name: '400 invalid_client',
        status: 400,
        body: '{"error":"invalid_client"}',
        type: 'application/json',
        oauthError: 'invalid_client',
      },
      {
        name: '403 unauthorized_client',
        status: 403,
        body: '{"error":"unauthorized_client"}',
        type: 'application/json',
        oauthError: 'unauthorized_client',
      },
    ];
    for (const c of clientAuthCases) {
      it(`regression token-endpoint-client-auth-403-not-available: ${c.name} is ERR_OIDC_CLIENT_AUTH_REJECTED`, async function () {
        answer = (res) => res.writeHead(c.status, { 'content-type': c.type }).end(c.body);
        const error = await rejectionOf(call(kit));
        expect(error.code, error.message).to.equal('ERR_OIDC_CLIENT_AUTH_REJECTED');
        expect(error.oauthError).to.equal(c.oauthError);
        expect((error as unknown as { httpStatus: number }).httpStatus).to.equal(c.status);
        expect(error.message)
          .to.include(`answered ${c.status}`)
          .and.not.match(/unavailable|not available/i);
        expect((error as unknown as { i18nKey: string }).i18nKey).to.equal(
          c.oauthError === 'invalid_client'
            ? 'OidcClient.messages.clientAuthRejectedInvalidClient'
            : c.oauthError === 'unauthorized_client'
              ? 'OidcClient.messages.clientAuthRejectedUnauthorizedClient'
              : 'OidcClient.messages.clientAuthRejected',
        );
      });
    }

    it('a 400 invalid_grant stays ERR_OIDC_TOKEN_REJECTED (the code, not the client, was refused)', async function () {
      answer = (res) =>
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
      const error = await rejectionOf(call(kit));
      expect(error.code).to.equal('ERR_OIDC_TOKEN_REJECTED');
      expect(error.oauthError).to.equal('invalid_grant');
    });

    it('a 404 HTML page is ERR_OIDC_TOKEN_RESPONSE_INVALID', async function () {
      answer = (res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>not found</html>');
      expect((await rejectionOf(call(kit))).code).to.equal('ERR_OIDC_TOKEN_RESPONSE_INVALID');
    });

    it('a body just over the configured cap is ERR_OIDC_TOKEN_RESPONSE_TOO_LARGE (streamed, no content-length)', async function () {
      const small = clientKit({ options: { maxResponseBytes: 1000 } });
      answer = (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id_token":"');
        res.end(`${'a'.repeat(1000)}"}`);
      };
      try {
        expect((await rejectionOf(call(small))).code).to.equal('ERR_OIDC_TOKEN_RESPONSE_TOO_LARGE');
      } finally {
        small.dispose();
      }
    });

    it('private_key_jwt signs with the configured key (assertion aud = token endpoint)', async function () {
      let seen = '';
      answer = (res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
      server.once('request', (req) => req.on('data', (c: Buffer) => (seen += c.toString())));
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        format: 'pem',
        type: 'pkcs8',
      }) as string;
      await rejectionOf(
        kit.tokens.exchangeCode({
          settings: settingsFor(null, {
            tokenEndpoint: `${base}/token`,
            tokenEndpointAuthMethod: 'private_key_jwt',
            clientAssertionAlgorithm: 'ES256',
            clientPrivateKey: key,
          }),
          code: 'c0de',
          codeVerifier: 'v',
          redirectUri: REDIRECT_URI,
        }),
      );
      const form = new URLSearchParams(seen);
      const payload = JSON.parse(
        Buffer.from((form.get('client_assertion') ?? '').split('.')[1]!, 'base64url').toString(),
      );
      expect(payload.aud).to.equal(`${base}/token`);
      expect(form.has('client_secret')).to.equal(false);
    });
  });
});
