import { expect } from 'chai';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { TokenEndpointAuthMethod } from '../../../src/settings/index.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { clientKit, rejectionOf, settingsFor, type ClientKit } from '../../unit/oidc/client/support.js';

const REDIRECT = 'http://127.0.0.1:9/oauth-callback'; // never requested: the browser stops before it
/** ASCII only (oidc-provider's rule), with every character Basic credentials must form-encode. */
const SECRET = 'sec:ret+/%&=with spaces-0123456789-abcdefghijklmnopqrstuvwxyz';

interface Case {
  clientId: string;
  method: TokenEndpointAuthMethod;
  assertionAlg: string;
}

const CASES: Case[] = [
  { clientId: 'crm-basic', method: 'client_secret_basic', assertionAlg: 'RS256' },
  { clientId: 'crm-post', method: 'client_secret_post', assertionAlg: 'RS256' },
  { clientId: 'crm-secret-jwt', method: 'client_secret_jwt', assertionAlg: 'HS256' },
  { clientId: 'crm-pk-jwt-es', method: 'private_key_jwt', assertionAlg: 'ES256' },
  { clientId: 'crm-pk-jwt-rs', method: 'private_key_jwt', assertionAlg: 'RS256' },
];

describe('oidc client: interop with oidc-provider (real token and userinfo endpoints)', function () {
  let idp: OidcProviderIdp;
  let kit: ClientKit;
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pairFor = (c: Case) => (c.assertionAlg === 'ES256' ? ecKey : rsaKey);
  const privateKeyFor = (c: Case) => pairFor(c).privateKey;

  before(async function () {
    idp = await startOidcProvider({
      skipConsent: true,
      clients: CASES.map((c) => ({
        client_id: c.clientId,
        ...(c.method === 'private_key_jwt' ? {} : { client_secret: SECRET }),
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: c.method,
        id_token_signed_response_alg: 'RS256',
        ...(c.method.endsWith('_jwt') ? { token_endpoint_auth_signing_alg: c.assertionAlg } : {}),
        ...(c.method === 'private_key_jwt'
          ? {
              jwks: {
                keys: [{ ...pairFor(c).publicKey.export({ format: 'jwk' }), kid: `${c.clientId}-key`, use: 'sig' }],
              },
            }
          : {}),
      })),
      accounts: [{ sub: 'alice', email: 'alice@example.test', name: 'Alice A' }],
      configuration: { features: { jwtUserinfo: { enabled: true } } },
    });
    await idp.addClient({
      client_id: 'crm-signed-userinfo',
      client_secret: SECRET,
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    });
  });
  after(async () => idp?.stop());
  beforeEach(
    () =>
      (kit = clientKit({ options: { tokenTimeoutMs: 5_000, userInfoTimeoutMs: 5_000, discoveryTimeoutMs: 5_000 } })),
  );
  afterEach(() => kit.dispose());

  async function codeFor(clientId: string): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(idp.endpoints.authorization);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email profile',
      state: randomBytes(16).toString('base64url'),
      nonce: randomBytes(16).toString('base64url'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const browser = new ProgrammaticBrowser();
    try {
      const result = await browser.login(url.href, { login: 'alice', stopAt: (u) => u.startsWith(REDIRECT) });
      const code = result.stoppedAt ? new URL(result.stoppedAt).searchParams.get('code') : null;
      if (!code) throw new Error(`test setup: no code (${result.response?.status})`);
      return { code, verifier };
    } finally {
      browser.close();
    }
  }

  async function settingsForCase(c: Case) {
    const discovered = await kit.discovery.discover(idp.issuer);
    return settingsFor(null, {
      issuer: idp.issuer,
      clientId: c.clientId,
      clientSecret: c.method === 'private_key_jwt' ? null : SECRET,
      authorizationEndpoint: discovered.authorizationEndpoint,
      tokenEndpoint: discovered.tokenEndpoint,
      userInfoEndpoint: discovered.userInfoEndpoint,
      jwksEndpoint: discovered.jwksUri,
      tokenEndpointAuthMethod: c.method,
      clientAssertionAlgorithm: c.assertionAlg,
      clientPrivateKey:
        c.method === 'private_key_jwt' ? (privateKeyFor(c).export({ format: 'pem', type: 'pkcs8' }) as string) : null,
      clientPrivateKeyId: c.method === 'private_key_jwt' ? `${c.clientId}-key` : null,
    });
  }

  it('discovery of oidc-provider: exact issuer, endpoints, RFC 9207 and back-channel support', async function () {
    const result = await kit.discovery.discover(idp.issuer);
    expect(result.tokenEndpoint).to.equal(idp.endpoints.token);
    expect(result.endSessionEndpoint).to.equal(idp.endpoints.endSession);
    expect(result.authorizationResponseIssParameterSupported).to.equal(true);
    expect(result.backchannelLogoutSupported).to.equal(true);
  });

  for (const c of CASES) {
    it(`${c.method}${c.method.endsWith('_jwt') ? ` (${c.assertionAlg})` : ''}: redeems the code, then reads userinfo`, async function () {
      const settings = await settingsForCase(c);
      const { code, verifier } = await codeFor(c.clientId);
      const tokens = await kit.tokens.exchangeCode({ settings, code, codeVerifier: verifier, redirectUri: REDIRECT });
      expect(decodeJwt(tokens.idToken)).to.include({ iss: idp.issuer, aud: c.clientId, sub: 'alice' });
      expect(tokens.tokenType).to.equal('bearer');
      const claims = await kit.userInfo.fetch({ settings, accessToken: tokens.accessToken!, expectedSub: 'alice' });
      expect(claims).to.include({ sub: 'alice', email: 'alice@example.test' });
    });
  }

  it('oidcc-client-test-userinfo-signed: a signed (RS256) userinfo answer is verified against the JWKS', async function () {
    const c: Case = { clientId: 'crm-signed-userinfo', method: 'client_secret_basic', assertionAlg: 'RS256' };
    const settings = await settingsForCase(c);
    const { code, verifier } = await codeFor(c.clientId);
    const tokens = await kit.tokens.exchangeCode({ settings, code, codeVerifier: verifier, redirectUri: REDIRECT });
    const claims = await kit.userInfo.fetch({ settings, accessToken: tokens.accessToken!, expectedSub: 'alice' });
    expect(claims).to.include({ sub: 'alice', email: 'alice@example.test', iss: idp.issuer, aud: c.clientId });
    const wrongAudience = { ...settings, clientId: 'another-client' };
    const error = await rejectionOf(
      kit.userInfo.fetch({ settings: wrongAudience, accessToken: tokens.accessToken!, expectedSub: 'alice' }),
    );
    expect(error.code).to.equal('ERR_OIDC_USERINFO_JWT_INVALID');
  });

  it('F-01 a wrong client secret is ERR_OIDC_CLIENT_AUTH_REJECTED with invalid_client', async function () {
    const settings = { ...(await settingsForCase(CASES[0]!)), clientSecret: `${SECRET}x` };
    const { code, verifier } = await codeFor('crm-basic');
    const error = await rejectionOf(
      kit.tokens.exchangeCode({ settings, code, codeVerifier: verifier, redirectUri: REDIRECT }),
    );
    expect(error.code).to.equal('ERR_OIDC_CLIENT_AUTH_REJECTED');
    expect(error.oauthError).to.equal('invalid_client');
  });

  it('F-01 a reused code is ERR_OIDC_TOKEN_REJECTED (invalid_grant) and the first access token is revoked', async function () {
    const settings = await settingsForCase(CASES[0]!);
    const { code, verifier } = await codeFor('crm-basic');
    const input = { settings, code, codeVerifier: verifier, redirectUri: REDIRECT };
    const tokens = await kit.tokens.exchangeCode(input);
    const error = await rejectionOf(kit.tokens.exchangeCode(input));
    expect(error.oauthError).to.equal('invalid_grant');
    const userinfo = await rejectionOf(
      kit.userInfo.fetch({ settings, accessToken: tokens.accessToken!, expectedSub: 'alice' }),
    );
    expect(userinfo.code).to.equal('ERR_OIDC_USERINFO_UNAUTHORIZED');
  });
});
