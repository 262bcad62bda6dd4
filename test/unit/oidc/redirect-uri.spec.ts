import { expect } from 'chai';
import { redirectUriFor, servedRedirectUris } from '../../../src/oidc/redirect-uri.js';

describe('oidc/redirect-uri: the redirect URI to register (form panel, CLI, lead)', () => {
  const site = { get: () => 'https://crm.example.com/', resolve: (p: string) => p };

  it('redirectUriFor: the configured site URL plus the chosen path, for the CRM or a portal', () => {
    expect(redirectUriFor({}, 'https://crm.example.com')).to.equal('https://crm.example.com/oauth-callback');
    expect(redirectUriFor({ oidcRedirectUriPath: '/oauth-callback.php' }, site)).to.equal(
      'https://crm.example.com/oauth-callback.php',
    );
    expect(
      redirectUriFor({ get: () => '/oauth-callback.php' }, 'https://crm.example.com//', { portalUrlId: 'customers' }),
    ).to.equal('https://crm.example.com/portal/customers/oauth-callback.php');
  });

  it('servedRedirectUris: both served addresses, the chosen one first and marked', () => {
    expect(servedRedirectUris({ oidcRedirectUriPath: '/oauth-callback.php' }, site)).to.deep.equal([
      { uri: 'https://crm.example.com/oauth-callback.php', path: '/oauth-callback.php', chosen: true },
      { uri: 'https://crm.example.com/oauth-callback', path: '/oauth-callback', chosen: false },
    ]);
    expect(servedRedirectUris({}, site, { portalUrlId: 'p' }).map((u) => [u.uri, u.chosen])).to.deep.equal([
      ['https://crm.example.com/portal/p/oauth-callback', true],
      ['https://crm.example.com/portal/p/oauth-callback.php', false],
    ]);
  });
});
