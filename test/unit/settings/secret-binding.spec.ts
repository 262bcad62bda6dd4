import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { CLI_SETTINGS_ACTOR, User, type ConfigValue } from 'crm-host/sdk';
import {
  CLIENT_SECRET_SETTINGS,
  SECRET_BINDING_SETTINGS,
  SecretBindingValidator,
  secretReentryProblems,
} from '../../../src/settings/secret-binding.js';
import { repoRoot } from '../../support/oidc-host.js';

const saved: Record<string, ConfigValue> = {
  oidcTokenEndpoint: 'https://idp.example/token',
  oidcIssuer: 'https://idp.example',
  oidcClientId: 'crm',
  oidcTokenEndpointAuthMethod: 'client_secret_basic',
  oidcClientSecret: 'the-saved-secret',
  oidcClientPrivateKey: null,
};
const get = (name: string): ConfigValue | undefined => saved[name];

describe('settings: a saved client secret is bound to its token endpoint, issuer, client ID and auth method', () => {
  for (const name of SECRET_BINDING_SETTINGS) {
    it(`changing ${name} without the secret is refused, naming the secret field and ${name}`, () => {
      const problems = secretReentryProblems(get, { [name]: 'changed-value' });
      expect(Object.keys(problems ?? {})).to.deep.equal(['oidcClientSecret'], 'no private key is saved');
      expect(problems?.['oidcClientSecret']).to.include(name).and.to.include('ERR_OIDC_SECRET_REENTRY_REQUIRED');
      expect(problems?.['oidcClientSecret']).not.to.include('the-saved-secret');
    });
  }

  it('re-entering or clearing the secret, or a patch that keeps the bound values, is accepted', () => {
    expect(secretReentryProblems(get, { oidcTokenEndpoint: 'https://x/t', oidcClientSecret: 'new' })).to.equal(null);
    expect(secretReentryProblems(get, { oidcTokenEndpoint: 'https://x/t', oidcClientSecret: null })).to.equal(null);
    expect(
      secretReentryProblems(get, { oidcTokenEndpoint: saved['oidcTokenEndpoint']!, oidcScopes: ['email'] }),
    ).to.equal(null);
    expect(secretReentryProblems((n) => (n === 'oidcClientSecret' ? null : get(n)), { oidcIssuer: 'x' })).to.equal(
      null,
    );
  });

  it('a saved private key is bound the same way', () => {
    const withKey = (n: string): ConfigValue | undefined => (n === 'oidcClientPrivateKey' ? 'PEM' : get(n));
    expect(Object.keys(secretReentryProblems(withKey, { oidcClientId: 'other' }) ?? {})).to.deep.equal([
      'oidcClientSecret',
      'oidcClientPrivateKey',
    ]);
  });

  it('the validator refuses for an admin session, not for `crm-host config set` (one key at a time)', () => {
    const change = (userName: string) => ({
      current: saved,
      next: { ...saved, oidcTokenEndpoint: 'https://evil.example/token' },
      patch: { oidcTokenEndpoint: 'https://evil.example/token' },
      actor: Object.assign(new User(), { userName, type: 'admin' as const }),
    });
    expect(new SecretBindingValidator().validate(change('root'))).to.have.property('oidcClientSecret');
    expect(new SecretBindingValidator().validate(change(CLI_SETTINGS_ACTOR))).to.equal(null);
  });

  it('the settings form reads the same binding from metadata (boundTo)', () => {
    const defs = JSON.parse(readFileSync(path.join(repoRoot, 'metadata/entityDefs/Settings.json'), 'utf8')) as {
      fields: Record<string, { boundTo?: string[] }>;
    };
    for (const secret of CLIENT_SECRET_SETTINGS) {
      expect(defs.fields[secret]?.boundTo).to.deep.equal([...SECRET_BINDING_SETTINGS], secret);
    }
  });
});
