import { expect } from 'chai';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoveryUrlFor } from '../../../../src/oidc/client/index.js';
import { startFakeOp, type FakeOp } from '../../../support/fake-op/fake-op.js';
import { clientKit, rejectionOf, type ClientKit } from './support.js';

describe('oidc client: DiscoveryClient', function () {
  describe('discoveryUrlFor', function () {
    it('appends the well-known path to the issuer, removing one terminating slash (Discovery §4.1)', function () {
      expect(discoveryUrlFor('https://idp.example/realms/crm', false)).to.equal(
        'https://idp.example/realms/crm/.well-known/openid-configuration',
      );
      expect(discoveryUrlFor('https://idp.example/application/o/crm/', false)).to.equal(
        'https://idp.example/application/o/crm/.well-known/openid-configuration',
      );
      expect(discoveryUrlFor('https://idp.example', false)).to.equal(
        'https://idp.example/.well-known/openid-configuration',
      );
    });

    const refused: Array<[string, string, boolean]> = [
      ['http://idp.example', 'ERR_OIDC_DISCOVERY_INSECURE', false],
      ['https://idp.example?x=1', 'ERR_OIDC_DISCOVERY_ISSUER_INVALID', false],
      ['https://idp.example#f', 'ERR_OIDC_DISCOVERY_ISSUER_INVALID', false],
      ['https://user:pw@idp.example', 'ERR_OIDC_DISCOVERY_ISSUER_INVALID', false],
      ['not a url', 'ERR_OIDC_DISCOVERY_ISSUER_INVALID', false],
      [' https://idp.example', 'ERR_OIDC_DISCOVERY_ISSUER_INVALID', false],
      ['ftp://idp.example', 'ERR_OIDC_DISCOVERY_ISSUER_INVALID', false],
    ];
    for (const [issuer, code] of refused) {
      it(`refuses ${JSON.stringify(issuer)} (${code})`, function () {
        expect(() => discoveryUrlFor(issuer, false))
          .to.throw()
          .with.property('code', code);
      });
    }

    it('allows http on loopback always, and elsewhere only with allowHttp', function () {
      expect(discoveryUrlFor('http://127.0.0.1:8080', false)).to.match(/^http:\/\/127/);
      expect(discoveryUrlFor('http://localhost:8080/x', false)).to.match(/^http:\/\/localhost/);
      expect(discoveryUrlFor('http://idp.internal', true)).to.equal(
        'http://idp.internal/.well-known/openid-configuration',
      );
    });
  });

  describe('against the fake OP', function () {
    let op: FakeOp;
    let slashOp: FakeOp;
    let kit: ClientKit;
    before(async function () {
      op = await startFakeOp({ issuerPath: '/realms/crm' });
      slashOp = await startFakeOp({ issuerPath: '/application/o/crm/' });
    });
    after(async () => {
      await op?.stop();
      await slashOp?.stop();
    });
    beforeEach(() => {
      kit = clientKit();
      op.reset();
      op.behave({ delayMs: 5_000 });
      op.resetCounts();
    });
    afterEach(() => kit.dispose());

    it('rp-discovery-openid-configuration: returns the endpoints and capabilities', async function () {
      const result = await kit.discovery.discover(op.issuer);
      expect(result).to.include({
        issuer: op.issuer,
        authorizationEndpoint: op.endpoints.authorization,
        tokenEndpoint: op.endpoints.token,
        userInfoEndpoint: op.endpoints.userinfo,
        jwksUri: op.endpoints.jwks,
        endSessionEndpoint: op.endpoints.endSession,
        authorizationResponseIssParameterSupported: true,
        backchannelLogoutSupported: true,
        backchannelLogoutSessionSupported: true,
      });
      expect(result.idTokenSigningAlgValuesSupported).to.deep.equal(['RS256']);
      expect(result.tokenEndpointAuthMethodsSupported).to.include('private_key_jwt');
      expect(result.codeChallengeMethodsSupported).to.deep.equal(['S256']);
      expect(result.discoveryUrl).to.equal(op.endpoints.discovery);
      const request = op.requests.find((r) => r.endpoint === 'discovery')!;
      expect(request.headers['accept']).to.equal('application/json');
    });

    it('an issuer with a trailing slash (authentik shape) is read and compared exactly', async function () {
      expect(slashOp.issuer.endsWith('/')).to.equal(true);
      const result = await kit.discovery.discover(slashOp.issuer);
      expect(result.issuer).to.equal(slashOp.issuer);
      const error = await rejectionOf(kit.discovery.discover(slashOp.issuer.replace(/\/$/, '')));
      expect(error.code).to.equal('ERR_OIDC_DISCOVERY_ISSUER_MISMATCH');
    });

    it('rp-discovery-issuer-not-matching-config: another issuer is ERR_OIDC_DISCOVERY_ISSUER_MISMATCH', async function () {
      op.behave({ discovery: 'issuer-mismatch' });
      const error = await rejectionOf(kit.discovery.discover(op.issuer));
      expect(error.code).to.equal('ERR_OIDC_DISCOVERY_ISSUER_MISMATCH');
    });

    it('an issuer differing only by a trailing slash is a mismatch too', async function () {
      op.behave({ discovery: 'issuer-trailing-slash' });
      const error = await rejectionOf(kit.discovery.discover(op.issuer));
      expect(error.code).to.equal('ERR_OIDC_DISCOVERY_ISSUER_MISMATCH');
      expect(error.message).to.include('trailing slash');
    });

    it('K-06 an unavailable document is ERR_OIDC_DISCOVERY_UNAVAILABLE; a slow one ERR_OIDC_DISCOVERY_TIMEOUT', async function () {
      op.behave({ discovery: 'unavailable' });
      expect((await rejectionOf(kit.discovery.discover(op.issuer))).code).to.equal('ERR_OIDC_DISCOVERY_UNAVAILABLE');
      op.behave({ discovery: 'slow' });
      expect((await rejectionOf(kit.discovery.discover(op.issuer))).code).to.equal('ERR_OIDC_DISCOVERY_TIMEOUT');
    });

    it('PKCE capabilities are reported as advertised', async function () {
      op.behave({ discovery: 'pkce-plain-only' });
      expect((await kit.discovery.discover(op.issuer)).codeChallengeMethodsSupported).to.deep.equal(['plain']);
    });

    describe('metadataFor (cache)', function () {
      it('serves a fresh document from the cache without asking again', async function () {
        const first = await kit.discovery.metadataFor(op.issuer);
        const second = await kit.discovery.metadataFor(op.issuer);
        expect(first?.tokenEndpoint).to.equal(op.endpoints.token);
        expect(second).to.equal(first);
        expect(op.counts.discovery).to.equal(1);
      });

      it('K-06 tolerates the IdP being down: the last good document is served after the TTL', async function () {
        const first = await kit.discovery.metadataFor(op.issuer);
        op.behave({ discovery: 'unavailable' });
        kit.clock.advance(10 * 60_000);
        const stale = await kit.discovery.metadataFor(op.issuer);
        expect(stale).to.equal(first, 'the stale copy is answered at once');
        await new Promise((r) => setTimeout(r, 50));
        expect(op.counts.discovery).to.equal(2, 'one background refresh');
        expect(kit.logger.at('warn').some((l) => l.message.includes('serving the last good document'))).to.equal(true);
        await kit.discovery.metadataFor(op.issuer);
        expect(op.counts.discovery).to.equal(2, 'no new attempt within the retry delay');
        kit.clock.advance(25 * 3_600_000);
        expect(await kit.discovery.metadataFor(op.issuer, { maxWaitMs: 100 })).to.equal(null, 'too old to serve');
      });

      it('answers null (never throws) when nothing is cached and the IdP is down', async function () {
        op.behave({ discovery: 'issuer-mismatch' });
        expect(await kit.discovery.metadataFor(op.issuer)).to.equal(null);
      });

      it('does not block a login longer than maxWaitMs when the IdP is slow', async function () {
        op.behave({ discovery: 'slow' });
        const started = Date.now();
        expect(await kit.discovery.metadataFor(op.issuer, { maxWaitMs: 50 })).to.equal(null);
        expect(Date.now() - started).to.be.lessThan(250);
      });

      it('concurrent callers on a cold cache share one request', async function () {
        const results = await Promise.all(Array.from({ length: 10 }, () => kit.discovery.metadataFor(op.issuer)));
        expect(new Set(results).size).to.equal(1);
        expect(op.counts.discovery).to.equal(1);
      });

      it('discover() refreshes the cache', async function () {
        await kit.discovery.discover(op.issuer);
        await kit.discovery.metadataFor(op.issuer);
        expect(op.counts.discovery).to.equal(1);
      });
    });
  });

  describe('against a local server', function () {
    let server: Server;
    let base: string;
    let answer: (res: ServerResponse, base: string) => void;
    let kit: ClientKit;
    before(async function () {
      server = createServer((_req, res) => answer(res, base));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => (kit = clientKit()));
    afterEach(() => kit.dispose());

    const doc = (extra: Record<string, unknown> = {}) => ({
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      ...extra,
    });
    const serve = (body: unknown, status = 200) => {
      answer = (res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };

    it('a redirect is not followed (ERR_OIDC_DISCOVERY_REDIRECT)', async function () {
      answer = (res, b) => res.writeHead(301, { location: `${b}/other` }).end();
      expect((await rejectionOf(kit.discovery.discover(base))).code).to.equal('ERR_OIDC_DISCOVERY_REDIRECT');
    });

    it('a document over 1 MiB is ERR_OIDC_DISCOVERY_TOO_LARGE', async function () {
      serve(doc({ padding: 'x'.repeat(1024 * 1024) }));
      expect((await rejectionOf(kit.discovery.discover(base))).code).to.equal('ERR_OIDC_DISCOVERY_TOO_LARGE');
    });

    it('minimal metadata: defaults for absent fields, no JWKS, no userinfo', async function () {
      serve(doc());
      const result = await kit.discovery.discover(base);
      expect(result.jwksUri).to.equal(null);
      expect(result.userInfoEndpoint).to.equal(null);
      expect(result.tokenEndpointAuthMethodsSupported).to.deep.equal(['client_secret_basic']);
      expect(result.authorizationResponseIssParameterSupported).to.equal(false);
    });

    // Bodies are built lazily: `base` is known only once the server listens.
    const invalid: Array<[string, () => unknown, string, string]> = [
      ['HTML', () => '<html></html>', 'ERR_OIDC_DISCOVERY_INVALID', 'not-json-object'],
      ['a JSON array', () => [doc()], 'ERR_OIDC_DISCOVERY_INVALID', 'not-json-object'],
      ['no issuer', () => ({ ...doc(), issuer: undefined }), 'ERR_OIDC_DISCOVERY_INVALID', 'issuer-invalid'],
      [
        'no token endpoint',
        () => ({ ...doc(), token_endpoint: undefined }),
        'ERR_OIDC_DISCOVERY_INVALID',
        'token_endpoint-invalid',
      ],
      [
        'a relative endpoint',
        () => doc({ token_endpoint: '/token' }),
        'ERR_OIDC_DISCOVERY_INVALID',
        'token_endpoint-invalid',
      ],
      [
        'a plain-http endpoint on another host',
        () => doc({ token_endpoint: 'http://idp.example/token' }),
        'ERR_OIDC_DISCOVERY_INSECURE',
        '',
      ],
      [
        'algorithms that are not a list of strings',
        () => doc({ id_token_signing_alg_values_supported: 'RS256' }),
        'ERR_OIDC_DISCOVERY_INVALID',
        'id_token_signing_alg_values_supported-invalid',
      ],
      [
        'a non-boolean capability',
        () => doc({ authorization_response_iss_parameter_supported: 'yes' }),
        'ERR_OIDC_DISCOVERY_INVALID',
        'authorization_response_iss_parameter_supported-invalid',
      ],
    ];
    for (const [name, body, code, reason] of invalid) {
      it(`${name} -> ${code}`, async function () {
        const value = body();
        if (typeof value === 'string') answer = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(value);
        else serve(value);
        const error = await rejectionOf(kit.discovery.discover(base));
        expect(error.code, error.message).to.equal(code);
        if (reason) expect(error.reason).to.equal(reason);
      });
    }

    it('a 404 is ERR_OIDC_DISCOVERY_UNAVAILABLE', async function () {
      serve({}, 404);
      expect((await rejectionOf(kit.discovery.discover(base))).code).to.equal('ERR_OIDC_DISCOVERY_UNAVAILABLE');
    });
  });
});
