import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { JwtError } from '../../../src/jwt/errors.js';
import { JwksSourcePool } from '../../../src/jwt/keys/jwks-pool.js';
import { JwtVerifierFactory } from '../../../src/jwt/verifier-factory.js';
import { JwtIdTokenValidator } from '../../../src/oidc/id-token-validator.js';
import type { OidcSettingsSource } from '../../../src/oidc/settings-source.js';
import { NodeHttpClient } from '../../../src/net/index.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { clientKit, settingsFor, type ClientKit } from '../../unit/oidc/client/support.js';

// Never requested (the browser stops before it); https because oidc-provider requires it for implicit/hybrid.
const REDIRECT = 'https://rp.example.test/oauth-callback';
const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';
const ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'] as const;

/**
 * at_hash (OIDC Core 3.1.3.6/3.1.3.8) with real oidc-provider tokens: for every algorithm it signs ID
 * tokens with, the hash the registry declares for that algorithm reproduces oidc-provider's `at_hash`
 * (EdDSA: SHA-512), so the ID token validator of the callback path accepts the real pair and refuses the
 * same ID token with a substituted access token (ERR_JWT_AT_HASH_MISMATCH).
 *
 * oidc-provider 9 puts `at_hash` only into ID tokens issued together with an access token at the
 * authorization endpoint (not into token-endpoint ID tokens of the code flow), so the real pair comes
 * from a `code id_token token` response here; the CRM's code flow sees `at_hash` from IdPs that add it at
 * the token endpoint (the fake OP with `atHash`, see the login matrix row at_hash-substituted-access-token).
 */
describe('at_hash: real oidc-provider tokens, and a substituted access token', function () {
  this.timeout(60_000);
  let idp: OidcProviderIdp;
  let kit: ClientKit;
  let validator: JwtIdTokenValidator;

  before(async () => {
    idp = await startOidcProvider({
      skipConsent: true,
      clients: ALGS.map((alg) => ({
        client_id: `crm-${alg.toLowerCase()}`,
        client_secret: SECRET,
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: alg,
        response_types: ['code', 'code id_token token'],
        grant_types: ['authorization_code', 'implicit'],
      })),
      accounts: [{ sub: 'alice', email: 'alice@example.test' }],
      configuration: { responseTypes: ['code', 'code id_token token'] },
    });
    kit = clientKit({ options: { tokenTimeoutMs: 5_000, userInfoTimeoutMs: 5_000, discoveryTimeoutMs: 5_000 } });
    const factory = new JwtVerifierFactory(
      kit.registry,
      new JwksSourcePool(new NodeHttpClient(), kit.clock, kit.logger),
      kit.clock,
    );
    const source = { isSymmetric: (alg: string) => kit.registry.isSymmetricName(alg) } as OidcSettingsSource;
    validator = new JwtIdTokenValidator(factory, source, kit.registry);
  });
  after(async () => {
    kit?.dispose();
    await idp?.stop();
  });

  async function tokensFor(alg: string) {
    const clientId = `crm-${alg.toLowerCase()}`;
    const verifier = randomBytes(32).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    const url = new URL(idp.endpoints.authorization);
    url.search = new URLSearchParams({
      response_type: 'code id_token token',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state: randomBytes(16).toString('base64url'),
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const browser = new ProgrammaticBrowser();
    let fragment: URLSearchParams;
    try {
      const result = await browser.login(url.href, { login: 'alice', stopAt: (u) => u.startsWith(REDIRECT) });
      fragment = new URLSearchParams(result.stoppedAt ? new URL(result.stoppedAt).hash.slice(1) : '');
    } finally {
      browser.close();
    }
    const idToken = fragment.get('id_token');
    const accessToken = fragment.get('access_token');
    if (!idToken || !accessToken) throw new Error(`test setup: no hybrid response (${fragment.toString()})`);
    const settings = settingsFor(null, {
      issuer: idp.issuer,
      clientId,
      clientSecret: SECRET,
      authorizationEndpoint: idp.endpoints.authorization,
      tokenEndpoint: idp.endpoints.token,
      userInfoEndpoint: idp.endpoints.userinfo,
      jwksEndpoint: idp.endpoints.jwks,
      jwtSignatureAlgorithmList: [alg],
    });
    return { tokens: { idToken, accessToken }, settings, nonce };
  }

  for (const alg of ALGS) {
    it(`${alg}: oidc-provider's at_hash matches with the registry's hash; a substituted access token is refused`, async () => {
      const { tokens, settings, nonce } = await tokensFor(alg);
      expect(decodeProtectedHeader(tokens.idToken).alg).to.equal(alg);
      expect(decodeJwt(tokens.idToken).at_hash, 'oidc-provider sets at_hash').to.be.a('string');
      const checks = { nonce, maxAge: null };
      const verified = await validator.validate(tokens.idToken, settings, {
        ...checks,
        accessToken: tokens.accessToken,
      });
      expect(verified.payload['sub']).to.equal('alice');

      const substituted = `${tokens.accessToken!.slice(0, -1)}${tokens.accessToken!.endsWith('A') ? 'B' : 'A'}`;
      const refusal = await validator.validate(tokens.idToken, settings, { ...checks, accessToken: substituted }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(JwtError.is(refusal), String(refusal)).to.equal(true);
      expect((refusal as JwtError).code).to.equal('ERR_JWT_AT_HASH_MISMATCH');
      expect((refusal as JwtError).claim).to.equal('at_hash');
    });
  }
});
