import type { ConfigValue } from 'crm-host/sdk';
import { expect } from 'chai';
import { buildDiscoveryReport, currentFrom, type DiscoveryResult } from '../../../../src/oidc/client/index.js';

const ISSUER = 'https://idp.example/realms/crm';
const METHODS = ['client_secret_basic', 'client_secret_jwt', 'client_secret_post', 'private_key_jwt'];
const REGISTERED = ['ES256', 'EdDSA', 'HS256', 'PS256', 'RS256'];

function result(extra: Partial<DiscoveryResult> = {}): DiscoveryResult {
  return {
    issuer: ISSUER,
    discoveryUrl: `${ISSUER}/.well-known/openid-configuration`,
    authorizationEndpoint: `${ISSUER}/auth`,
    tokenEndpoint: `${ISSUER}/token`,
    userInfoEndpoint: `${ISSUER}/userinfo`,
    jwksUri: `${ISSUER}/certs`,
    endSessionEndpoint: `${ISSUER}/logout`,
    revocationEndpoint: null,
    idTokenSigningAlgValuesSupported: ['RS256', 'ES256'],
    userinfoSigningAlgValuesSupported: [],
    tokenEndpointAuthMethodsSupported: ['client_secret_basic', 'client_secret_post'],
    tokenEndpointAuthSigningAlgValuesSupported: [],
    scopesSupported: ['openid', 'email', 'profile', 'phone'],
    claimsSupported: ['sub', 'email', 'groups'],
    responseTypesSupported: ['code'],
    codeChallengeMethodsSupported: ['S256'],
    authorizationResponseIssParameterSupported: true,
    backchannelLogoutSupported: true,
    backchannelLogoutSessionSupported: true,
    frontchannelLogoutSupported: false,
    fetchedAt: 0,
    ...extra,
  };
}

const report = (r: DiscoveryResult, saved: Record<string, ConfigValue> = {}) =>
  buildDiscoveryReport(r, {
    current: currentFrom((key) => saved[key]),
    registeredAlgorithms: REGISTERED,
    authMethods: METHODS,
  });
const codes = (r: ReturnType<typeof report>) => r.warnings.map((w) => w.code);

describe('oidc client: discovery report', function () {
  it('maps the endpoints to our setting names and lists what changes', function () {
    const r = report(result(), { oidcTokenEndpoint: `${ISSUER}/token`, oidcAuthorizationEndpoint: 'https://old/auth' });
    expect(r.values).to.deep.equal({
      oidcIssuer: ISSUER,
      oidcAuthorizationEndpoint: `${ISSUER}/auth`,
      oidcTokenEndpoint: `${ISSUER}/token`,
      oidcUserInfoEndpoint: `${ISSUER}/userinfo`,
      oidcJwksEndpoint: `${ISSUER}/certs`,
    });
    expect(r.changes.map((c) => c.setting)).to.deep.equal([
      'oidcIssuer',
      'oidcAuthorizationEndpoint',
      'oidcUserInfoEndpoint',
      'oidcJwksEndpoint',
    ]);
    expect(r.changes[1]).to.deep.equal({
      setting: 'oidcAuthorizationEndpoint',
      from: 'https://old/auth',
      to: `${ISSUER}/auth`,
    });
    expect(r.warnings).to.deep.equal([]);
    expect(r.metadata).to.include({
      endSessionEndpoint: `${ISSUER}/logout`,
      authorizationResponseIssParameterSupported: true,
    });
  });

  it('names algorithms the IdP offers that the registry lacks, ignoring "none"', function () {
    const r = report(result({ idTokenSigningAlgValuesSupported: ['RS256', 'ES256K', 'none', 'RSA-OAEP'] }));
    const warning = r.warnings.find((w) => w.code === 'WARN_OIDC_DISCOVERY_ALGS_NOT_REGISTERED');
    expect(warning?.message).to.include('ES256K, RSA-OAEP').and.not.include('none');
    expect(warning?.setting).to.equal('oidcJwtSignatureAlgorithmList');
    expect(warning?.i18nKey).to.equal('OidcClient.warnings.WARN_OIDC_DISCOVERY_ALGS_NOT_REGISTERED');
  });

  it('suggests an algorithm list the IdP signs with when the saved one has none of them', function () {
    const r = report(result({ idTokenSigningAlgValuesSupported: ['ES256', 'PS256'] }), {
      oidcJwtSignatureAlgorithmList: ['RS256'],
    });
    expect(codes(r)).to.include('WARN_OIDC_DISCOVERY_ALGS_NOT_ADVERTISED');
    expect(r.values['oidcJwtSignatureAlgorithmList']).to.deep.equal(['ES256']);
    const kept = report(result({ idTokenSigningAlgValuesSupported: ['RS256'] }), {
      oidcJwtSignatureAlgorithmList: ['RS256', 'HS256'],
    });
    expect(kept.values['oidcJwtSignatureAlgorithmList']).to.deep.equal(['RS256']);
  });

  it('suggests a supported auth method when the saved one is not advertised', function () {
    const r = report(result({ tokenEndpointAuthMethodsSupported: ['client_secret_post', 'private_key_jwt'] }));
    expect(codes(r)).to.include('WARN_OIDC_DISCOVERY_AUTH_METHOD_NOT_ADVERTISED');
    expect(r.values['oidcTokenEndpointAuthMethod']).to.equal('client_secret_post');
  });

  it('warns when the assertion algorithm is not advertised for a JWT auth method', function () {
    const r = report(
      result({
        tokenEndpointAuthMethodsSupported: ['private_key_jwt'],
        tokenEndpointAuthSigningAlgValuesSupported: ['ES256'],
      }),
      { oidcTokenEndpointAuthMethod: 'private_key_jwt', oidcClientAssertionAlgorithm: 'RS256' },
    );
    expect(codes(r)).to.deep.equal(['WARN_OIDC_DISCOVERY_ASSERTION_ALG_NOT_ADVERTISED']);
  });

  it('warns about a missing JWKS, userinfo, end-session, back-channel, iss parameter and PKCE S256', function () {
    const r = report(
      result({
        jwksUri: null,
        userInfoEndpoint: null,
        endSessionEndpoint: null,
        backchannelLogoutSupported: false,
        authorizationResponseIssParameterSupported: false,
        codeChallengeMethodsSupported: ['plain'],
      }),
    );
    expect(codes(r)).to.have.members([
      'WARN_OIDC_DISCOVERY_NO_JWKS',
      'WARN_OIDC_DISCOVERY_NO_USERINFO',
      'WARN_OIDC_DISCOVERY_NO_END_SESSION',
      'WARN_OIDC_DISCOVERY_NO_BACKCHANNEL',
      'WARN_OIDC_DISCOVERY_NO_ISS_PARAMETER',
      'WARN_OIDC_DISCOVERY_PKCE_S256_MISSING',
    ]);
    expect(r.values).to.not.have.property('oidcJwksEndpoint');
  });

  it('warns about scopes and the group claim the IdP does not advertise', function () {
    const r = report(result(), { oidcScopes: ['email', 'groups'], oidcGroupClaim: 'realm_access.roles' });
    expect(codes(r)).to.have.members([
      'WARN_OIDC_DISCOVERY_SCOPES_NOT_ADVERTISED',
      'WARN_OIDC_DISCOVERY_GROUP_CLAIM_NOT_ADVERTISED',
    ]);
    expect(r.warnings[0]?.message).to.include('groups');
    const fine = report(result(), { oidcScopes: ['email'], oidcGroupClaim: 'groups' });
    expect(fine.warnings).to.deep.equal([]);
  });
});
