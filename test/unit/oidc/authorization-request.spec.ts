import { expect } from 'chai';
import { buildAuthorizationUrl, groupClaimsRequest, requestedScopes } from '../../../src/oidc/authorization-request.js';
import { pkceChallenge } from '../../../src/oidc/random.js';
import { settingsFor } from '../oidc/client/support.js';

describe('oidc: authorization request', () => {
  const base = settingsFor(null, { redirectUri: 'https://crm.example.test/oauth-callback' });

  it('scopes: openid first, each once', () => {
    expect(requestedScopes(['email', 'openid', 'email', 'groups'])).to.deep.equal(['openid', 'email', 'groups']);
  });

  it('keeps the endpoint query, replaces protocol parameters, sends state/nonce/S256', () => {
    const url = new URL(
      buildAuthorizationUrl({
        settings: { ...base, authorizationEndpoint: 'https://idp.example.test/auth?tenant=a&state=evil&scope=x' },
        state: 'S',
        nonce: 'N',
        codeChallenge: 'C',
      }),
    );
    const q = url.searchParams;
    expect(q.get('tenant')).to.equal('a');
    expect(q.getAll('state')).to.deep.equal(['S']);
    expect(q.getAll('scope')).to.deep.equal(['openid email']);
    expect(q.get('response_type')).to.equal('code');
    expect(q.get('redirect_uri')).to.equal('https://crm.example.test/oauth-callback');
    expect(q.get('nonce')).to.equal('N');
    expect(q.get('code_challenge')).to.equal('C');
    expect(q.get('code_challenge_method')).to.equal('S256');
    expect(q.has('prompt')).to.equal(false);
    expect(q.has('max_age')).to.equal(false);
    expect(q.has('claims')).to.equal(false);
  });

  it('sends prompt, max_age and a claims request for the group claim when configured; no PKCE when off', () => {
    const q = new URL(
      buildAuthorizationUrl({
        settings: { ...base, authorizationPrompt: 'login', authorizationMaxAge: 0, groupClaim: 'realm_access.roles' },
        state: 'S',
        nonce: 'N',
        codeChallenge: null,
      }),
    ).searchParams;
    expect(q.get('prompt')).to.equal('login');
    expect(q.get('max_age')).to.equal('0');
    expect(JSON.parse(q.get('claims') ?? '')).to.deep.equal({
      id_token: { realm_access: null },
      userinfo: { realm_access: null },
    });
    expect(q.has('code_challenge')).to.equal(false);
    expect(groupClaimsRequest(null)).to.equal(null);
  });

  it('PKCE S256 matches RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).to.equal(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
