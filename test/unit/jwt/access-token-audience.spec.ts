import { expect } from 'chai';
import { JwtError, type JwtVerifier } from '../../../src/jwt/index.js';
import { harness, type Harness } from './support/harness.js';
import { testKey } from './support/keys.js';
import { CLIENT_ID, ISSUER, idClaims, signRaw } from './support/tokens.js';

const API = 'https://crm.example.com/api';

/** A Keycloak-shaped access token: aud = the API (plus `account`), azp = the client that asked, no client_id. */
function keycloakClaims(nowSec: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'f3b1c2d4-0000-4000-8000-000000000001',
    aud: [API, 'account'],
    azp: 'crm-frontend',
    typ: 'Bearer',
    scope: 'openid profile email crm.read',
    realm_access: { roles: ['offline_access'] },
    exp: nowSec + 300,
    iat: nowSec,
    jti: 'a7e1',
    ...extra,
  };
}

async function outcome(verifier: JwtVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
    return 'ACCEPT';
  } catch (error) {
    if (!JwtError.is(error)) throw error;
    return error.claim === undefined ? error.code : `${error.code}:${error.claim}`;
  }
}

/** RFC 9068 audience rules for access tokens; ID tokens keep the OIDC azp rule (issue 5, bearer). */
describe('jwt: access-token audience (RFC 9068) versus the ID-token azp rule', () => {
  let h: Harness;
  let accessTokens: JwtVerifier;
  let idTokens: JwtVerifier;
  let now: number;
  const rsa = () => testKey('rsa2048');
  const at = (payload: unknown) =>
    signRaw({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' }, payload, h.algorithm('RS256'), rsa().privateKey);
  const id = (payload: unknown) =>
    signRaw({ alg: 'RS256', kid: 'k1' }, payload, h.algorithm('RS256'), rsa().privateKey);

  before(() => {
    h = harness();
    now = h.clock.seconds;
    const keys = { algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')] };
    accessTokens = h.factory.create(h.settings({ ...keys, kind: 'access_token', clientId: API }));
    idTokens = h.factory.create(h.settings(keys));
  });
  after(() => h.dispose());

  it('keycloak-access-token-azp-is-the-client: aud [api, account] with azp of another client is accepted', async () => {
    expect(await outcome(accessTokens, at(keycloakClaims(now)))).to.equal('ACCEPT');
  });

  it('accepts aud as a plain string with azp naming the client', async () => {
    expect(await outcome(accessTokens, at(keycloakClaims(now, { aud: API })))).to.equal('ACCEPT');
  });

  it('still requires aud to contain the API audience, and azp to be a string when present', async () => {
    expect(await outcome(accessTokens, at(keycloakClaims(now, { aud: ['account', CLIENT_ID] })))).to.equal(
      'ERR_JWT_CLAIM_INVALID:aud',
    );
    expect(await outcome(accessTokens, at(keycloakClaims(now, { azp: 42 })))).to.equal('ERR_JWT_CLAIM_INVALID:azp');
  });

  it('ID tokens keep the azp rule: another azp, or several audiences without azp, are refused', async () => {
    expect(await outcome(idTokens, id(idClaims(now, { azp: 'crm-frontend' })))).to.equal('ERR_JWT_CLAIM_INVALID:azp');
    // An untrusted extra audience is refused first (OIDC Core 3.1.3.7 step 3)...
    expect(await outcome(idTokens, id(idClaims(now, { aud: [CLIENT_ID, 'account'] })))).to.equal(
      'ERR_JWT_CLAIM_INVALID:aud',
    );
    // ...and a trusted one still needs azp = the client (step 4).
    const keys = { algorithms: ['RS256'], staticKeys: [rsa().jwk('k1', 'RS256')] };
    const trusting = h.factory.create(h.settings({ ...keys, trustedAudiences: ['account'] }));
    expect(await outcome(trusting, id(idClaims(now, { aud: [CLIENT_ID, 'account'] })))).to.equal(
      'ERR_JWT_CLAIM_INVALID:azp',
    );
  });
});
