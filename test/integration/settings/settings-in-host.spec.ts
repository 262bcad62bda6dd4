import { expect } from 'chai';
import { TYPES, type SettingsValidator, type SiteUrl } from 'crm-host/sdk';
import type { TestHost } from 'crm-host/testing';
import { OidcSettingsError } from '../../../src/settings/errors.js';
import { readOidcSettings } from '../../../src/settings/read-settings.js';
import { OidcSettingsValidator } from '../../../src/settings/settings-validator.js';
import { bootOidcHost } from '../../support/oidc-host.js';

describe('settings in a booted host: metadata merge, config levels, i18n, reader', () => {
  let host: TestHost;

  before(async function () {
    this.timeout(60_000);
    host = await bootOidcHost({ siteUrl: 'https://crm.example.com/' });
  });
  after(async () => host?.cleanup());

  it('merges the Settings fields and the Oidc method into the host metadata', () => {
    expect(host.metadata.get(['entityDefs', 'Settings', 'fields', 'oidcClientId', 'type'])).to.equal('varchar');
    expect(host.metadata.get(['authenticationMethods', 'Oidc', 'settings', 'isAvailable'])).to.equal(true);
    expect(host.metadata.get(['authenticationMethods', 'Oidc', 'fallbackConfigParam'])).to.equal('oidcFallback');
  });

  it('declares config levels the config service applies (the secret never appears in a snapshot)', async () => {
    expect(host.config.levelOf('oidcClientSecret')).to.equal('secret');
    expect(host.config.levelOf('oidcFallback')).to.equal('public');
    expect(host.config.levelOf('oidcClientId')).to.equal('admin');
    await host.config.set({ oidcClientSecret: 'top-secret-value', oidcClientId: 'crm' });
    expect(JSON.stringify(host.config.snapshot('admin'))).not.to.contain('top-secret-value');
    expect(host.config.snapshot('public')).not.to.have.property('oidcClientId');
  });

  it('translates labels and reason-code messages through the host i18n', () => {
    expect(host.i18n.translate('Settings', 'fields', 'oidcClientId')).to.equal('OIDC Client ID');
    expect(host.i18n.translate('Settings', 'messages', 'oidcAdminLockout')).to.contain('administrator');
    expect(host.i18n.translate('Oidc', 'messages', 'userNotFound')).to.contain('administrator');
  });

  it('registers its save-time settings validator with the host', () => {
    const validators = host.container.getAll<SettingsValidator>(TYPES.SettingsValidator);
    expect(validators.some((v) => v instanceof OidcSettingsValidator)).to.equal(true);
  });

  it('reads the settings from the host config with the configured site URL', async () => {
    const siteUrl = host.container.get<SiteUrl>(TYPES.SiteUrl);
    expect(() => readOidcSettings(host.config, siteUrl)).to.throw(OidcSettingsError);
    await host.config.set({
      oidcIssuer: 'https://idp.example.com',
      oidcAuthorizationEndpoint: 'https://idp.example.com/auth',
      oidcTokenEndpoint: 'https://idp.example.com/token',
      oidcJwksEndpoint: 'https://idp.example.com/jwks',
      oidcJwksCachePeriod: '5 minutes',
    });
    const settings = readOidcSettings(host.config, siteUrl);
    expect(settings.redirectUri).to.equal('https://crm.example.com/oauth-callback');
    expect(settings.clientSecret).to.equal('top-secret-value');
    expect(settings.jwksCachePeriodMs).to.equal(300_000);
  });
});
