import { expect } from 'chai';
import type { ConfigValue } from 'crm-host/sdk';
import { OidcSettingsError } from '../../../src/settings/errors.js';
import { readOidcSettings } from '../../../src/settings/read-settings.js';
import { chosenRedirectPath, REDIRECT_PATHS, redirectUriBase } from '../../../src/settings/redirect-path.js';

const minimal = {
  oidcClientId: 'crm',
  oidcClientSecret: 'very-secret-client-secret',
  oidcIssuer: 'https://idp.example.com',
  oidcAuthorizationEndpoint: 'https://idp.example.com/authorize',
  oidcTokenEndpoint: 'https://idp.example.com/token',
  oidcJwksEndpoint: 'https://idp.example.com/jwks',
};
const config = (values: Record<string, ConfigValue | undefined>) => ({
  get: <T extends ConfigValue>(key: string) => values[key] as T | undefined,
});

describe('settings/redirect-path: oidcRedirectUriPath (/oauth-callback or EspoCRM /oauth-callback.php)', () => {
  it('serves exactly the two callback paths', () => {
    expect(REDIRECT_PATHS).to.deep.equal(['/oauth-callback', '/oauth-callback.php']);
  });

  it('the chosen path becomes the redirect URI; the default stays /oauth-callback', () => {
    const site = 'https://crm.example.com/';
    expect(readOidcSettings(config(minimal), site).redirectUri).to.equal('https://crm.example.com/oauth-callback');
    const php = readOidcSettings(config({ ...minimal, oidcRedirectUriPath: '/oauth-callback.php' }), site);
    expect(php.redirectUri).to.equal('https://crm.example.com/oauth-callback.php');
  });

  it('an explicit redirectPath (a portal) wins over the setting', () => {
    const s = readOidcSettings(config({ ...minimal, oidcRedirectUriPath: '/oauth-callback.php' }), 'https://crm', {
      redirectPath: '/portal/p/oauth-callback',
    });
    expect(s.redirectUri).to.equal('https://crm/portal/p/oauth-callback');
  });

  it('any other value is refused, naming the setting', () => {
    for (const bad of ['/callback', '/oauth-callback/', 'https://evil.example/cb', 5]) {
      try {
        readOidcSettings(config({ ...minimal, oidcRedirectUriPath: bad }), 'https://crm.example.com');
        expect.fail(`accepted ${String(bad)}`);
      } catch (error) {
        expect(error).to.be.instanceOf(OidcSettingsError);
        expect((error as OidcSettingsError).problems).to.deep.equal([
          {
            setting: 'oidcRedirectUriPath',
            code: 'ERR_OIDC_SETTING_INVALID',
            detail: 'expected one of /oauth-callback, /oauth-callback.php',
          },
        ]);
      }
    }
  });

  it('chosenRedirectPath reads a config reader or plain values, unknown values as the default', () => {
    expect(chosenRedirectPath({ oidcRedirectUriPath: '/oauth-callback.php' })).to.equal('/oauth-callback.php');
    expect(chosenRedirectPath({})).to.equal('/oauth-callback');
    expect(chosenRedirectPath({ oidcRedirectUriPath: '/elsewhere' })).to.equal('/oauth-callback');
    expect(chosenRedirectPath(config({ oidcRedirectUriPath: '/oauth-callback.php' }))).to.equal('/oauth-callback.php');
  });

  it('redirectUriBase strips a served callback path (the longer one first), else null', () => {
    expect(redirectUriBase('https://crm/oauth-callback.php')).to.equal('https://crm');
    expect(redirectUriBase('https://crm/oauth-callback')).to.equal('https://crm');
    expect(redirectUriBase('https://crm/portal/x/oauth-callback.php')).to.equal('https://crm/portal/x');
    expect(redirectUriBase('https://crm/other')).to.equal(null);
    expect(redirectUriBase('')).to.equal(null);
  });
});
