import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import {
  startOidcProvider,
  type IdTokenAlg,
  type OidcProviderIdp,
  type TokenEndpointAuthMethod,
} from '../../support/idp/oidc-provider-idp.js';

const REDIRECT = 'http://127.0.0.1:9/cb'; // never requested: the browser stops before it
const API = 'https://crm.example.test/api';
const SECRET = 'client-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

interface Case {
  clientId: string;
  method: TokenEndpointAuthMethod;
  alg: IdTokenAlg;
}

const CASES: Case[] = [
  { clientId: 'basic-rs256', method: 'client_secret_basic', alg: 'RS256' },
  { clientId: 'post-ps256', method: 'client_secret_post', alg: 'PS256' },
  { clientId: 'jwt-es256', method: 'client_secret_jwt', alg: 'ES256' },
  { clientId: 'pkjwt-eddsa', method: 'private_key_jwt', alg: 'EdDSA' },
  { clientId: 'basic-hs256', method: 'client_secret_basic', alg: 'HS256' },
];

/** Logs in through the IdP and redeems the code with openid-client (the reference RP library). */
async function loginWith(
  idp: OidcProviderIdp,
  clientId: string,
  auth: oidc.ClientAuth,
  alg: string,
  login: string,
  extra: { scope?: string; resource?: string } = {},
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const config = await oidc.discovery(new URL(idp.issuer), clientId, { id_token_signed_response_alg: alg }, auth, {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: extra.scope ?? 'openid email profile groups',
    ...(extra.resource ? { resource: extra.resource } : {}),
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });
  const browser = new ProgrammaticBrowser();
  try {
    const result = await browser.login(url.href, { login, stopAt: (u) => u.startsWith(REDIRECT) });
    if (!result.stoppedAt)
      throw new Error(
        `login did not reach the redirect URI: ${result.response?.status} ${result.response?.body.slice(0, 300)}`,
      );
    const checks = { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state };
    return await oidc.authorizationCodeGrant(
      config,
      new URL(result.stoppedAt),
      checks,
      extra.resource ? { resource: extra.resource } : undefined,
    );
  } finally {
    browser.close();
  }
}

describe('support: oidc-provider IdP client authentication methods, ID token algorithms and claim shapes', function () {
  let idp: OidcProviderIdp;
  let clientPrivateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  before(async function () {
    const pair = await generateKeyPair('ES256');
    clientPrivateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'client-key-1', alg: 'ES256', use: 'sig' };
    idp = await startOidcProvider({
      skipConsent: true,
      apiResource: { audience: API, scopes: ['crm.read', 'crm.write'] },
      clients: CASES.map((c) => ({
        client_id: c.clientId,
        client_secret: c.method === 'private_key_jwt' ? undefined : SECRET,
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: c.method,
        id_token_signed_response_alg: c.alg,
        ...(c.method === 'private_key_jwt'
          ? { jwks: { keys: [publicJwk] }, token_endpoint_auth_signing_alg: 'ES256' }
          : {}),
        ...(c.method === 'client_secret_jwt' ? { token_endpoint_auth_signing_alg: 'HS256' } : {}),
      })),
      accounts: [
        { sub: 'alice', email: 'alice@example.test', groups: ['crm-sales'] },
        { sub: 'kc-user', preferred_username: 'kc', realm_access: { roles: ['crm-admin', 'offline_access'] } },
        {
          sub: 'entra-user',
          _claim_names: { groups: 'src1' },
          _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/entra-user/getMemberObjects' } },
        },
      ],
    });
  });

  after(async function () {
    await idp?.stop();
  });

  const authFor = (c: Case): oidc.ClientAuth =>
    ({
      client_secret_basic: () => oidc.ClientSecretBasic(SECRET),
      client_secret_post: () => oidc.ClientSecretPost(SECRET),
      client_secret_jwt: () => oidc.ClientSecretJwt(SECRET),
      private_key_jwt: () => oidc.PrivateKeyJwt({ key: clientPrivateKey, kid: 'client-key-1' }),
      none: () => oidc.None(),
    })[c.method]();

  for (const c of CASES) {
    it(`${c.method} with ${c.alg} ID tokens`, async function () {
      const tokens = await loginWith(idp, c.clientId, authFor(c), c.alg, 'alice');
      expect(decodeProtectedHeader(tokens.id_token ?? '').alg).to.equal(c.alg);
      expect(tokens.claims()).to.include({
        sub: 'alice',
        iss: idp.issuer,
        aud: c.clientId,
        email: 'alice@example.test',
      });
      expect(tokens.claims()?.groups).to.deep.equal(['crm-sales']);
    });
  }

  it('issues RFC 9068 JWT access tokens for the configured API resource', async function () {
    const tokens = await loginWith(idp, 'basic-rs256', oidc.ClientSecretBasic(SECRET), 'RS256', 'alice', {
      scope: 'openid crm.read',
      resource: API,
    });
    expect(decodeProtectedHeader(tokens.access_token).typ).to.equal('at+jwt');
    const { payload } = await jwtVerify(tokens.access_token, createLocalJWKSet(idp.keys.publicJwks), {
      issuer: idp.issuer,
      audience: API,
      typ: 'at+jwt',
    });
    expect(payload).to.include({ sub: 'alice', client_id: 'basic-rs256', scope: 'crm.read' });
    const opaque = await loginWith(idp, 'basic-rs256', oidc.ClientSecretBasic(SECRET), 'RS256', 'alice');
    expect(opaque.access_token.split('.')).to.have.length(1);
  });

  it('releases Keycloak-shaped realm_access and Entra-shaped groups overage in the ID token', async function () {
    const kc = await loginWith(idp, 'basic-rs256', oidc.ClientSecretBasic(SECRET), 'RS256', 'kc-user');
    expect(kc.claims()?.realm_access).to.deep.equal({ roles: ['crm-admin', 'offline_access'] });
    const entra = await loginWith(idp, 'basic-rs256', oidc.ClientSecretBasic(SECRET), 'RS256', 'entra-user');
    const claims: Record<string, unknown> = entra.claims() ?? {};
    expect(claims).not.to.have.property('groups');
    expect(claims._claim_names).to.deep.equal({ groups: 'src1' });
    expect(claims._claim_sources).to.have.nested.property('src1.endpoint');
  });

  for (const issuerPath of ['/realms/crm', '/application/o/crm/']) {
    it(`serves an issuer with a path (${issuerPath}) and keeps it exact in tokens`, async function () {
      const mounted = await startOidcProvider({
        issuerPath,
        skipConsent: true,
        clients: [{ client_id: 'c', client_secret: SECRET, redirect_uris: [REDIRECT] }],
        accounts: [{ sub: 'alice', groups: ['g'] }],
      });
      try {
        expect(mounted.issuer.endsWith(issuerPath)).to.equal(true);
        expect(mounted.discovery.issuer).to.equal(mounted.issuer);
        expect(mounted.endpoints.token.startsWith(`${mounted.issuer.replace(/\/$/, '')}/`)).to.equal(true);
        const tokens = await loginWith(mounted, 'c', oidc.ClientSecretBasic(SECRET), 'RS256', 'alice');
        expect(tokens.claims()?.iss).to.equal(mounted.issuer);
      } finally {
        await mounted.stop();
      }
    });
  }
});
