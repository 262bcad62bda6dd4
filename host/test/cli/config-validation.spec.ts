import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import type { MetadataService } from '../../sdk/metadata.js';
import { parseConfigValue } from '../../src/cli/config-validation.js';

const tree: Record<string, unknown> = {
  entityDefs: {
    Settings: {
      fields: {
        oidcScopes: { type: 'multiEnum', options: ['profile', 'email', 'groups'] },
        oidcAuthorizationPrompt: { type: 'enum', options: ['', 'login', 'consent'] },
        oidcAllowRegularUserFallback: { type: 'bool' },
        oidcAuthorizationMaxAge: { type: 'int', min: 0 },
        oidcJwksCachePeriod: { type: 'duration' },
        oidcClientId: { type: 'varchar', maxLength: 10 },
        siteUrl: { type: 'url' },
      },
    },
  },
  app: {
    config: {
      applicationName: { level: 'public', type: 'string' },
      pollMs: { type: 'integer' },
      keep: { type: 'duration' },
      free: {},
    },
  },
};

const metadata: MetadataService = {
  get<T>(p: string | readonly string[], fallback?: T): T | undefined {
    const parts = typeof p === 'string' ? p.split('.') : p;
    let node: unknown = tree;
    for (const part of parts)
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return (node as T | undefined) ?? fallback;
  },
  all: () => tree,
};

function refusal(key: string, text: string): HostError {
  try {
    parseConfigValue(metadata, key, text);
  } catch (error) {
    expect(HostError.is(error)).to.equal(true);
    expect((error as HostError).code).to.equal('ERR_CLI_USAGE');
    return error as HostError;
  }
  throw new Error(`${key}=${text} was accepted`);
}

describe('CLI: config value parsing and validation', () => {
  it('accepts values valid for the settings schema or the app.config type', () => {
    expect(parseConfigValue(metadata, 'oidcScopes', '["email","groups"]')).to.deep.equal(['email', 'groups']);
    expect(parseConfigValue(metadata, 'oidcAuthorizationPrompt', 'login')).to.equal('login');
    expect(parseConfigValue(metadata, 'oidcAllowRegularUserFallback', 'true')).to.equal(true);
    expect(parseConfigValue(metadata, 'oidcAuthorizationMaxAge', '600')).to.equal(600);
    expect(parseConfigValue(metadata, 'oidcJwksCachePeriod', '10 minutes')).to.equal('10 minutes');
    expect(parseConfigValue(metadata, 'siteUrl', 'https://crm.example.com')).to.equal('https://crm.example.com');
    expect(parseConfigValue(metadata, 'pollMs', '250')).to.equal(250);
    expect(parseConfigValue(metadata, 'free', '{"any":[1]}')).to.deep.equal({ any: [1] });
  });

  it('keeps plain text for string fields, even when it looks like JSON', () => {
    expect(parseConfigValue(metadata, 'oidcClientId', '12345')).to.equal('12345');
    expect(parseConfigValue(metadata, 'oidcClientId', 'true')).to.equal('true');
    expect(parseConfigValue(metadata, 'oidcClientId', '"quoted"')).to.equal('quoted');
    expect(parseConfigValue(metadata, 'applicationName', '2024')).to.equal('2024');
  });

  it('refuses unknown keys and invalid values with the settings API messages, naming the field', () => {
    expect(refusal('oidcScopez', '[]').message).to.contain('unknown config key "oidcScopez"');
    expect(refusal('oidcScopes', '["openid"]').fields).to.have.property('oidcScopes').that.contains('must be one of');
    expect(refusal('oidcAuthorizationPrompt', 'always').message).to.contain('must be one of: , login, consent');
    expect(refusal('oidcAllowRegularUserFallback', 'yes').message).to.contain('oidcAllowRegularUserFallback');
    expect(refusal('oidcAuthorizationMaxAge', '-1').message).to.contain('>= 0');
    expect(refusal('oidcJwksCachePeriod', 'soon').message).to.contain('must be a duration');
    expect(refusal('oidcClientId', 'far-too-long-client').message).to.contain('oidcClientId');
    expect(refusal('siteUrl', 'ftp://crm.example.com').message).to.contain('absolute http(s) URL');
    expect(refusal('pollMs', '1.5').message).to.contain('must be an integer');
  });

  it('checks app.config durations (retention and window keys such as authLogRetention)', () => {
    expect(parseConfigValue(metadata, 'keep', '90 days')).to.equal('90 days');
    expect(parseConfigValue(metadata, 'keep', '3600')).to.equal(3600);
    expect(refusal('keep', 'forever').message).to.contain('must be a duration');
  });
});
