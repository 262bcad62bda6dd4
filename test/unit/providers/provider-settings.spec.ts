import { expect } from 'chai';
import type { ConfigValue } from 'crm-host/sdk';
import { matchingConfigurations, type LogoutConfiguration } from '../../../src/logout/configurations.js';
import { JWT_ALGORITHM_OPTIONS } from '../../../src/jwt/algorithm-options.js';
import { ProviderError } from '../../../src/providers/errors.js';
import { PROVIDER_FORCED } from '../../../src/providers/fields.js';
import { checkProviderBody } from '../../../src/providers/provider-validation.js';
import { providerReader, readProviderSettings } from '../../../src/providers/provider-settings.js';
import { portalLoginPolicy } from '../../../src/provisioning/login-policy.js';
import { OidcSettingsError } from '../../../src/settings/errors.js';
import type { OidcSettings } from '../../../src/settings/types.js';

const config = (values: Record<string, ConfigValue>) => ({
  get: <T extends ConfigValue = ConfigValue>(key: string, fallback?: T) =>
    (key in values ? values[key] : fallback) as T,
});

const PROVIDER = {
  oidcClientId: 'portal',
  oidcClientSecret: 's3cret-s3cret-s3cret',
  oidcIssuer: 'https://idp.example.com',
  oidcAuthorizationEndpoint: 'https://idp.example.com/auth',
  oidcTokenEndpoint: 'https://idp.example.com/token',
  oidcJwksEndpoint: 'https://idp.example.com/jwks',
};

describe('providers: provider settings', () => {
  it('reads its own fields, forces teams/fallback/admin/e-mail linking off and takes the global ones from the CRM config', () => {
    const crm = config({
      oidcClientId: 'crm',
      oidcFallback: true,
      oidcAllowAdminUser: true,
      oidcGroupClaim: 'groups',
      oidcSyncTeams: true,
      oidcLinkByEmail: true,
      oidcClockTolerance: '2 minutes',
      oidcAuthorizationMaxAge: 600,
    });
    const s = readProviderSettings(
      { ...PROVIDER, oidcFallback: true, oidcAllowAdminUser: true },
      crm,
      'https://crm.example.com',
      {
        portalUrlId: 'customers',
      },
    );
    expect(s).to.include({
      clientId: 'portal',
      redirectUri: 'https://crm.example.com/portal/customers/oauth-callback',
      fallback: false,
      allowAdminUser: false,
      allowRegularUserFallback: false,
      syncTeams: false,
      linkByEmail: false,
      groupClaim: null,
      clockToleranceMs: 120_000,
      authorizationMaxAge: 600,
      usernameClaim: 'sub',
    });
    expect(s.teams).to.deep.equal([]);
    for (const key of Object.keys(PROVIDER_FORCED)) {
      expect(providerReader({ [key]: 'x' }, crm).get(key), key).to.deep.equal(PROVIDER_FORCED[key]);
    }
    expect(providerReader({}, crm).get('oidcClientId'), 'never the CRM client id').to.equal(undefined);
  });

  it('without a portal it has no redirect URI; the sign-in rules name every problem field', () => {
    expect(readProviderSettings(PROVIDER, config({}), 'https://crm.example.com').redirectUri).to.equal('');
    try {
      readProviderSettings({ oidcIssuer: 'http://idp.example.com' }, config({}), 'https://crm.example.com');
      expect.fail('refused');
    } catch (error) {
      expect(error).to.be.instanceOf(OidcSettingsError);
      expect(Object.keys((error as OidcSettingsError).fields ?? {})).to.include.members([
        'oidcClientId',
        'oidcIssuer',
        'oidcAuthorizationEndpoint',
        'oidcTokenEndpoint',
        'oidcJwksEndpoint',
      ]);
    }
  });

  it('portal policy: only active portal users', () => {
    expect(portalLoginPolicy({ isActive: true, type: 'portal' })).to.deep.equal({ allowed: true });
    expect(portalLoginPolicy({ isActive: false, type: 'portal' })).to.include({ reasonCode: 'ERR_OIDC_USER_INACTIVE' });
    for (const type of ['admin', 'regular', 'api'] as const) {
      expect(portalLoginPolicy({ isActive: true, type })).to.include({ reasonCode: 'ERR_OIDC_USER_TYPE_NOT_ALLOWED' });
    }
  });

  it('back-channel selection: issuer equal to iss AND client id in aud; malformed tokens match nothing', () => {
    const conf = (providerId: string | null, issuer: string, clientId: string): LogoutConfiguration => ({
      providerId,
      settings: { issuer, clientId } as OidcSettings,
    });
    const all = [conf(null, 'https://a', 'crm'), conf('p1', 'https://a', 'portal'), conf('p2', 'https://b', 'crm')];
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = (payload: unknown) => `${b64({ alg: 'RS256' })}.${b64(payload)}.${b64('x')}`;
    const ids = (t: string) => matchingConfigurations(t, all).map((c) => c.providerId);
    expect(ids(token({ iss: 'https://a', aud: 'portal' }))).to.deep.equal(['p1']);
    expect(ids(token({ iss: 'https://a', aud: ['x', 'crm'] }))).to.deep.equal([null]);
    expect(ids(token({ iss: 'https://b', aud: 'portal' }))).to.deep.equal([]);
    expect(ids(token({ iss: 'https://a', aud: ['crm', 'portal'] }))).to.deep.equal([null, 'p1']);
    expect(ids('not-a-jwt')).to.deep.equal([]);
    expect(ids(token({ aud: 'crm' }))).to.deep.equal([]);
  });
});

describe('providers: body check with provided options and trusted audiences', () => {
  const metadata = {
    get: <T>(path: string | readonly string[], fallback?: T) => {
      const key = (typeof path === 'string' ? path.split('.') : path).join('.');
      const tree: Record<string, unknown> = {
        'entityDefs.Settings.fields': {
          oidcJwtSignatureAlgorithmList: {
            type: 'multiEnum',
            optionsProvider: JWT_ALGORITHM_OPTIONS,
            optionsPath: ['app', 'jwtAlgorithms'],
          },
          oidcTrustedAudiences: { type: 'multiEnum', options: [], allowCustomOptions: true },
        },
        'app.jwtAlgorithms': { RS256: {} },
      };
      return (tree[key] ?? fallback) as T;
    },
    all: () => ({}),
  };

  it('a portal provider accepts a registered custom algorithm (registry options), not an unknown one', () => {
    const provided = (name: string) => (name === JWT_ALGORITHM_OPTIONS ? ['RS256', 'ES256K'] : undefined);
    const patch = checkProviderBody(
      { name: 'P', oidcJwtSignatureAlgorithmList: ['ES256K'], oidcTrustedAudiences: ['api'] },
      metadata,
      true,
      provided,
    );
    expect(patch.values).to.deep.equal({ oidcJwtSignatureAlgorithmList: ['ES256K'], oidcTrustedAudiences: ['api'] });
    expect(() => checkProviderBody({ name: 'P', oidcJwtSignatureAlgorithmList: ['ES256K'] }, metadata, true)).to.throw(
      ProviderError,
    );
  });

  it('a provider has its own trusted audiences (not the CRM one)', () => {
    const s = readProviderSettings(
      { ...PROVIDER, oidcTrustedAudiences: ['portal-api'] },
      config({ oidcTrustedAudiences: ['crm-api'] }),
      'https://crm.example.com',
    );
    expect(s.trustedAudiences).to.deep.equal(['portal-api']);
  });
});
