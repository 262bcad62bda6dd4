import { expect } from 'chai';
import type { ConfigValue } from 'crm-host/sdk';
import { OidcSettingsError } from '../../../src/settings/errors.js';
import { readOidcSettings, redirectUriFor } from '../../../src/settings/read-settings.js';

const SECRET = 'very-secret-client-secret';

function config(values: Record<string, ConfigValue | undefined>) {
  return { get: <T extends ConfigValue>(key: string) => values[key] as T | undefined };
}

const minimal = {
  oidcClientId: 'crm',
  oidcClientSecret: SECRET,
  oidcIssuer: 'https://idp.example.com',
  oidcAuthorizationEndpoint: 'https://idp.example.com/authorize',
  oidcTokenEndpoint: 'https://idp.example.com/token',
  oidcJwksEndpoint: 'https://idp.example.com/jwks',
};

function problemsOf(
  values: Record<string, ConfigValue | undefined>,
  siteUrl = 'https://crm.example.com',
): Record<string, string> {
  try {
    readOidcSettings(config(values), siteUrl);
  } catch (error) {
    expect(error).to.be.instanceOf(OidcSettingsError);
    const e = error as OidcSettingsError;
    return Object.fromEntries(e.problems.map((p) => [p.setting, p.code]));
  }
  throw new Error('expected an OidcSettingsError');
}

describe('settings/read-settings: readOidcSettings', () => {
  it('applies the defaults and parses durations to ms', () => {
    const s = readOidcSettings(config(minimal), 'https://crm.example.com');
    expect(s).to.deep.include({
      clientId: 'crm',
      issuer: 'https://idp.example.com',
      userInfoEndpoint: null,
      tokenEndpointAuthMethod: 'client_secret_basic',
      usernameClaim: 'sub',
      createUser: false,
      sync: false,
      syncClearOnNull: false,
      syncTeams: false,
      fallback: true,
      allowRegularUserFallback: false,
      allowAdminUser: false,
      linkByEmail: false,
      authorizationPrompt: null,
      authorizationPkce: true,
      authorizationMaxAge: null,
      jwksCachePeriodMs: 600_000,
      clockToleranceMs: 60_000,
      allowHttp: false,
      groupClaim: null,
      providerLabel: null,
    });
    expect(s.jwtSignatureAlgorithmList).to.deep.equal(['RS256']);
    expect(s.scopes).to.deep.equal(['openid', 'profile', 'email', 'phone']);
    expect(s.teams).to.deep.equal([]);
  });

  it('derives the redirect URI from the configured site URL (trailing slash trimmed)', () => {
    expect(readOidcSettings(config(minimal), 'https://crm.example.com/').redirectUri).to.equal(
      'https://crm.example.com/oauth-callback',
    );
    expect(redirectUriFor({ get: () => 'https://crm.example.com/sub', resolve: (p: string) => p })).to.equal(
      'https://crm.example.com/sub/oauth-callback',
    );
  });

  it('holds the site URL (and so the redirect URI) to the endpoint rules', () => {
    expect(problemsOf(minimal, 'http://crm.example.com')).to.deep.equal({ siteUrl: 'ERR_OIDC_ENDPOINT_INSECURE' });
    expect(problemsOf(minimal, '')).to.deep.equal({ siteUrl: 'ERR_OIDC_ENDPOINT_INVALID' });
    expect(readOidcSettings(config(minimal), 'http://127.0.0.1:8080').redirectUri).to.equal(
      'http://127.0.0.1:8080/oauth-callback',
    );
    expect(readOidcSettings(config({ ...minimal, oidcAllowHttp: true }), 'http://crm.lan').redirectUri).to.equal(
      'http://crm.lan/oauth-callback',
    );
  });

  it('refuses an issuer longer than the identity link stores (255)', () => {
    expect(problemsOf({ ...minimal, oidcIssuer: `https://idp.example.com/${'x'.repeat(240)}` })).to.deep.equal({
      oidcIssuer: 'ERR_OIDC_SETTING_INVALID',
    });
  });

  it('refuses an issuer with a query or fragment', () => {
    expect(problemsOf({ ...minimal, oidcIssuer: 'https://idp.example.com/?tenant=x' })).to.deep.equal({
      oidcIssuer: 'ERR_OIDC_ENDPOINT_INVALID',
    });
  });

  it('puts openid first exactly once and drops duplicate or blank scopes', () => {
    const s = readOidcSettings(
      config({ ...minimal, oidcScopes: ['email', 'openid', 'email', ' ', 'groups'] }),
      'https://crm.example.com',
    );
    expect(s.scopes).to.deep.equal(['openid', 'email', 'groups']);
  });

  it('names every missing required setting at once (ERR_OIDC_SETTING_MISSING)', () => {
    expect(problemsOf({})).to.deep.equal({
      oidcClientId: 'ERR_OIDC_SETTING_MISSING',
      oidcIssuer: 'ERR_OIDC_SETTING_MISSING',
      oidcAuthorizationEndpoint: 'ERR_OIDC_SETTING_MISSING',
      oidcTokenEndpoint: 'ERR_OIDC_SETTING_MISSING',
      oidcJwksEndpoint: 'ERR_OIDC_SETTING_MISSING',
      oidcClientSecret: 'ERR_OIDC_SETTING_MISSING',
    });
  });

  it('answers 503 with an i18n key and per-field messages, never with a secret value', () => {
    try {
      readOidcSettings(
        config({ ...minimal, oidcTokenEndpoint: `http://idp.example.com/token?key=${SECRET}` }),
        'https://crm.example.com',
      );
      expect.fail('should throw');
    } catch (error) {
      const e = error as OidcSettingsError;
      expect(e.code).to.equal('ERR_OIDC_ENDPOINT_INSECURE');
      expect(e.status).to.equal(503);
      expect(e.i18nKey).to.equal('Oidc.messages.endpointInsecure');
      expect(e.setting).to.equal('oidcTokenEndpoint');
      expect(e.fields).to.have.property('oidcTokenEndpoint');
      expect(e.message + JSON.stringify(e.toJSON())).not.to.contain(SECRET);
    }
  });

  it('requires https except loopback, unless oidcAllowHttp', () => {
    const httpIdp = {
      ...minimal,
      oidcIssuer: 'http://idp.internal',
      oidcAuthorizationEndpoint: 'http://idp.internal/a',
    };
    expect(problemsOf(httpIdp)).to.deep.equal({
      oidcIssuer: 'ERR_OIDC_ENDPOINT_INSECURE',
      oidcAuthorizationEndpoint: 'ERR_OIDC_ENDPOINT_INSECURE',
    });
    expect(readOidcSettings(config({ ...httpIdp, oidcAllowHttp: true }), 'https://crm').allowHttp).to.equal(true);
    const loopback = {
      ...minimal,
      oidcIssuer: 'http://127.0.0.1:9000',
      oidcAuthorizationEndpoint: 'http://localhost:9000/a',
    };
    expect(readOidcSettings(config(loopback), 'http://127.0.0.1:8080').issuer).to.equal('http://127.0.0.1:9000');
  });

  it('needs the JWKS endpoint only when an asymmetric algorithm is accepted', () => {
    const hsOnly = { ...minimal, oidcJwksEndpoint: null, oidcJwtSignatureAlgorithmList: ['HS256'] };
    expect(readOidcSettings(config(hsOnly), 'https://crm').jwksEndpoint).to.equal(null);
    expect(problemsOf({ ...hsOnly, oidcJwtSignatureAlgorithmList: ['HS256', 'ES256'] })).to.deep.equal({
      oidcJwksEndpoint: 'ERR_OIDC_SETTING_MISSING',
    });
    const custom = { ...hsOnly, oidcJwtSignatureAlgorithmList: ['X-CUSTOM'] };
    expect(
      readOidcSettings(config(custom), 'https://crm', { isSymmetricAlgorithm: (a) => a === 'X-CUSTOM' }).jwksEndpoint,
    ).to.equal(null);
  });

  it('needs the client secret for client_secret_* methods and HS* algorithms, not for private_key_jwt with RS256', () => {
    const noSecret = { ...minimal, oidcClientSecret: null };
    for (const method of ['client_secret_basic', 'client_secret_post', 'client_secret_jwt']) {
      expect(
        problemsOf({ ...noSecret, oidcTokenEndpointAuthMethod: method, oidcClientAssertionAlgorithm: 'HS256' }),
      ).to.have.property('oidcClientSecret', 'ERR_OIDC_SETTING_MISSING');
    }
    const pkj = {
      ...noSecret,
      oidcTokenEndpointAuthMethod: 'private_key_jwt',
      oidcClientPrivateKey: '-----BEGIN PRIVATE KEY-----',
    };
    expect(readOidcSettings(config(pkj), 'https://crm').clientSecret).to.equal(null);
    expect(problemsOf({ ...pkj, oidcJwtSignatureAlgorithmList: ['RS256', 'HS256'] })).to.deep.equal({
      oidcClientSecret: 'ERR_OIDC_SETTING_MISSING',
    });
    expect(problemsOf({ ...pkj, oidcClientPrivateKey: '' })).to.deep.equal({
      oidcClientPrivateKey: 'ERR_OIDC_SETTING_MISSING',
    });
  });

  it('checks the client assertion algorithm against the method', () => {
    expect(
      problemsOf({
        ...minimal,
        oidcTokenEndpointAuthMethod: 'client_secret_jwt',
        oidcClientAssertionAlgorithm: 'RS256',
      }),
    ).to.deep.equal({
      oidcClientAssertionAlgorithm: 'ERR_OIDC_SETTING_INVALID',
    });
    expect(
      problemsOf({
        ...minimal,
        oidcTokenEndpointAuthMethod: 'private_key_jwt',
        oidcClientPrivateKey: 'k',
        oidcClientAssertionAlgorithm: 'HS256',
      }),
    ).to.deep.equal({ oidcClientAssertionAlgorithm: 'ERR_OIDC_SETTING_INVALID' });
  });

  it('refuses values of the wrong type or out of range (ERR_OIDC_SETTING_INVALID)', () => {
    expect(
      problemsOf({
        ...minimal,
        oidcCreateUser: 'yes',
        oidcAuthorizationMaxAge: -1,
        oidcJwksCachePeriod: 'ten minutes',
        oidcClockTolerance: '1 hour',
        oidcTokenEndpointAuthMethod: 'none',
        oidcAuthorizationPrompt: 'always',
        oidcScopes: 'profile',
        oidcTeams: [{ group: 'a' }],
      }),
    ).to.deep.equal({
      oidcCreateUser: 'ERR_OIDC_SETTING_INVALID',
      oidcAuthorizationMaxAge: 'ERR_OIDC_SETTING_INVALID',
      oidcJwksCachePeriod: 'ERR_OIDC_SETTING_INVALID',
      oidcClockTolerance: 'ERR_OIDC_SETTING_INVALID',
      oidcTokenEndpointAuthMethod: 'ERR_OIDC_SETTING_INVALID',
      oidcAuthorizationPrompt: 'ERR_OIDC_SETTING_INVALID',
      oidcScopes: 'ERR_OIDC_SETTING_INVALID',
      oidcTeams: 'ERR_OIDC_SETTING_INVALID',
    });
  });

  it('refuses a scope with a space (it would split into two)', () => {
    expect(problemsOf({ ...minimal, oidcScopes: ['profile email'] })).to.deep.equal({
      oidcScopes: 'ERR_OIDC_SETTING_INVALID',
    });
  });

  it('reads team rules and requires the group claim for them', () => {
    const teams: ConfigValue[] = [
      { group: 'sales', team: 'Sales' },
      { group: '^crm-(.+)$', team: '$1', pattern: true },
      { group: '', team: 'Everyone', pattern: false },
    ];
    expect(problemsOf({ ...minimal, oidcTeams: teams })).to.deep.equal({ oidcGroupClaim: 'ERR_OIDC_SETTING_MISSING' });
    expect(problemsOf({ ...minimal, oidcSyncTeams: true })).to.deep.equal({
      oidcGroupClaim: 'ERR_OIDC_SETTING_MISSING',
    });
    expect(
      readOidcSettings(config({ ...minimal, oidcTeams: [{ group: '', team: 'Everyone' }] }), 'https://crm').groupClaim,
    ).to.equal(null);
    const s = readOidcSettings(
      config({ ...minimal, oidcTeams: teams, oidcGroupClaim: 'realm_access.roles' }),
      'https://crm',
    );
    expect(s.teams).to.deep.equal([
      { group: 'sales', team: 'Sales' },
      { group: '^crm-(.+)$', team: '$1', pattern: true },
      { group: '', team: 'Everyone' },
    ]);
  });

  it('accepts placeholders in the logout URL but checks its scheme', () => {
    const ok = readOidcSettings(
      config({
        ...minimal,
        oidcLogoutUrl: 'https://idp.example.com/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}',
      }),
      'https://crm',
    );
    expect(ok.logoutUrl).to.contain('{siteUrl}');
    expect(problemsOf({ ...minimal, oidcLogoutUrl: 'http://idp.example.com/logout' })).to.deep.equal({
      oidcLogoutUrl: 'ERR_OIDC_ENDPOINT_INSECURE',
    });
  });

  it('passes prompt and max age through', () => {
    const s = readOidcSettings(
      config({ ...minimal, oidcAuthorizationPrompt: 'login', oidcAuthorizationMaxAge: 0 }),
      'https://crm',
    );
    expect(s.authorizationPrompt).to.equal('login');
    expect(s.authorizationMaxAge).to.equal(0);
  });
});
