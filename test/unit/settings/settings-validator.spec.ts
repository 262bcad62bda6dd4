import { expect } from 'chai';
import { User, type ConfigValue, type SettingsChange } from 'crm-host/sdk';
import { OidcSettingsValidator } from '../../../src/settings/settings-validator.js';
import { COMPLETE_OIDC_SETTINGS } from '../../support/oidc-settings.js';

const siteUrl = (url: string) => ({ get: () => url, resolve: (p: string) => url + p });

const complete = COMPLETE_OIDC_SETTINGS;

function change(next: Record<string, ConfigValue>): SettingsChange {
  return { current: {}, next, patch: next, actor: new User() };
}

describe('settings/settings-validator: save-time checks beyond dynamic logic', () => {
  const validator = new OidcSettingsValidator(siteUrl('https://crm.example.com'));

  it('accepts a complete configuration', () => {
    expect(validator.validate(change(complete))).to.equal(null);
  });

  it('does nothing while another method is active', () => {
    expect(validator.validate(change({ authenticationMethod: 'Password', oidcTokenEndpoint: 'http://x' }))).to.equal(
      null,
    );
  });

  it('refuses insecure endpoints and bad durations, naming the settings but not the values', () => {
    const fields = validator.validate(
      change({
        ...complete,
        oidcTokenEndpoint: 'http://idp.example.com/t?secret-value',
        oidcClockTolerance: '3 hours',
      }),
    );
    expect(fields).to.have.keys(['oidcTokenEndpoint', 'oidcClockTolerance']);
    expect(JSON.stringify(fields)).not.to.contain('secret-value');
  });

  it('refuses a site URL on plain http (the redirect URI would carry the code unencrypted)', () => {
    expect(new OidcSettingsValidator(siteUrl('http://crm.example.com')).validate(change(complete))).to.have.keys([
      'siteUrl',
    ]);
  });

  it('refuses team rules with a bad pattern or without team, with their positions', () => {
    const teams: ConfigValue[] = [
      { group: 'ok', team: 'Ok' },
      { group: '^crm-(', team: '$1', pattern: true },
      { group: 'x', team: '' },
    ];
    const fields = validator.validate(change({ ...complete, oidcGroupClaim: 'groups', oidcTeams: teams }));
    expect(fields).to.deep.equal({
      oidcTeams: 'oidcTeams: rule 2, 3 is invalid (bad pattern, empty team, or too long)',
    });
  });
});
