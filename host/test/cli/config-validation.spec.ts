import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import type { MetadataService } from '../../sdk/metadata.js';
import { parseConfigValue } from '../../src/cli/config-validation.js';

const tree: Record<string, unknown> = {
  entityDefs: {
    Settings: {
      fields: {
        oidcScopes: { type: 'array' },
        oidcAuthorizationPrompt: { type: 'enum', options: ['', 'login', 'consent'] },
        oidcAllowRegularUserFallback: { type: 'bool' },
        oidcJwksCacheTtl: { type: 'int' },
        oidcGroupTeamMap: { type: 'jsonObject' },
        oidcClientId: { type: 'varchar' },
      },
    },
  },
  app: { config: { siteUrl: { level: 'public', type: 'url' }, free: { level: 'admin' } } },
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
  it('accepts values of the declared type', () => {
    expect(parseConfigValue(metadata, 'oidcScopes', '["openid","email"]')).to.deep.equal(['openid', 'email']);
    expect(parseConfigValue(metadata, 'oidcAuthorizationPrompt', 'login')).to.equal('login');
    expect(parseConfigValue(metadata, 'oidcAllowRegularUserFallback', 'true')).to.equal(true);
    expect(parseConfigValue(metadata, 'oidcJwksCacheTtl', '600')).to.equal(600);
    expect(parseConfigValue(metadata, 'oidcGroupTeamMap', '{"admins":"Team A"}')).to.deep.equal({ admins: 'Team A' });
    expect(parseConfigValue(metadata, 'siteUrl', 'https://crm.example.com')).to.equal('https://crm.example.com');
    expect(parseConfigValue(metadata, 'free', '{"any":[1]}')).to.deep.equal({ any: [1] });
  });

  it('keeps plain text for string fields, even when it looks like JSON', () => {
    expect(parseConfigValue(metadata, 'oidcClientId', '12345')).to.equal('12345');
    expect(parseConfigValue(metadata, 'oidcClientId', 'true')).to.equal('true');
    expect(parseConfigValue(metadata, 'oidcClientId', '"quoted"')).to.equal('quoted');
  });

  it('refuses unknown keys and values of the wrong type, naming the field', () => {
    expect(refusal('oidcScopez', '[]').message).to.contain('unknown config key "oidcScopez"');
    expect(refusal('oidcScopes', 'openid').fields).to.deep.equal({ oidcScopes: 'must be an array of strings' });
    expect(refusal('oidcAuthorizationPrompt', 'always').message).to.contain('must be one of: , login, consent');
    expect(refusal('oidcAllowRegularUserFallback', 'yes').message).to.contain('must be true or false');
    expect(refusal('oidcJwksCacheTtl', '1.5').message).to.contain('must be an integer');
    expect(refusal('oidcGroupTeamMap', '[1]').message).to.contain('must be a JSON object');
    expect(refusal('siteUrl', 'crm.example.com').message).to.contain('must be an absolute URL');
  });
});
