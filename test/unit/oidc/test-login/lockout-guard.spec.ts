import { expect } from 'chai';
import type { ConfigService, ConfigValue, I18nService, MetadataService, SettingsChange, User } from 'crm-host/sdk';
import { draftIdOf, settingsFingerprint } from '../../../../src/oidc/test-login/drafts.js';
import { LockoutGuard } from '../../../../src/oidc/test-login/lockout-guard.js';
import { TEST_LOGIN_PROOF_KEY } from '../../../../src/oidc/test-login/tokens.js';

const FIELDS = {
  authenticationMethod: { type: 'enum' },
  siteUrl: { type: 'url' },
  oidcClientId: { type: 'varchar' },
  oidcClientSecret: { type: 'password' },
  oidcFallback: { type: 'bool', default: true },
  oidcAuthorizationRedirectUri: { type: 'url', readOnly: true },
  authTokenLifetime: { type: 'duration' },
};
const NAMES = [
  'authenticationMethod',
  'siteUrl',
  'oidcClientId',
  'oidcClientSecret',
  'oidcFallback',
  'authTokenLifetime',
];

const metadata = { get: () => FIELDS } as unknown as MetadataService;
const i18n = { translate: (_s: string, _c: string, key: string) => key } as unknown as I18nService;
function configWith(values: Record<string, ConfigValue>): ConfigService {
  return { get: (key: string) => values[key] } as unknown as ConfigService;
}

const SAVED: Record<string, ConfigValue> = {
  authenticationMethod: 'Oidc',
  siteUrl: 'https://crm.example.test',
  oidcClientId: 'crm',
  oidcClientSecret: 's3cret',
  oidcFallback: true,
  oidcAuthorizationRedirectUri: 'https://crm.example.test/oauth-callback',
  authTokenLifetime: '7 days',
};
function change(patch: Record<string, ConfigValue>, current = SAVED): SettingsChange {
  return { current, next: { ...current, ...patch }, patch, actor: { id: 'admin-1' } as User };
}

describe('test login: fingerprint, draft ids and the lockout guard', () => {
  it('the fingerprint covers login settings (secrets as a hash) and nothing else', () => {
    const base = settingsFingerprint(SAVED, NAMES);
    expect(settingsFingerprint({ ...SAVED }, [...NAMES].reverse())).to.equal(base);
    expect(settingsFingerprint({ ...SAVED, oidcClientSecret: 'other' }, NAMES)).to.not.equal(base);
    expect(settingsFingerprint({ ...SAVED, authTokenLifetime: '1 day' }, NAMES)).to.equal(base);
    expect(base)
      .to.match(/^[0-9a-f]{64}$/)
      .and.not.contain('s3cret');
  });

  it('only well-formed t: provider ids name a draft', () => {
    const id = 'a'.repeat(32);
    expect(draftIdOf(`t:${id}`)).to.equal(id);
    expect(draftIdOf(id)).to.equal(null);
    expect(draftIdOf('t:../etc')).to.equal(null);
    expect(draftIdOf(`t:${id.toUpperCase()}`)).to.equal(null);
    expect(draftIdOf(null)).to.equal(null);
  });

  it('allows saves that keep the admin password fallback on', () => {
    const guard = new LockoutGuard(configWith({}), metadata, i18n);
    expect(guard.validate(change({ oidcClientId: 'new' }))).to.equal(null);
  });

  it('refuses turning the fallback off without a test login of exactly these settings', () => {
    const guard = new LockoutGuard(configWith({}), metadata, i18n);
    expect(guard.validate(change({ oidcFallback: false }))).to.deep.equal({
      oidcFallback: 'oidcLockoutNeedsTestLogin',
    });
  });

  it('accepts it after a successful test login with the same settings, not with other ones', () => {
    const next = { ...SAVED, oidcFallback: false };
    const proof = { fingerprint: settingsFingerprint(next, NAMES), adminId: 'admin-1', at: 'now' };
    const guard = new LockoutGuard(configWith({ [TEST_LOGIN_PROOF_KEY]: proof }), metadata, i18n);
    expect(guard.validate(change({ oidcFallback: false }))).to.equal(null);
    expect(guard.validate(change({ oidcFallback: false, oidcClientId: 'changed' }))).to.have.property('oidcFallback');
  });

  it('does not block unrelated saves while the fallback is already off', () => {
    const current = { ...SAVED, oidcFallback: false };
    const guard = new LockoutGuard(configWith({}), metadata, i18n);
    expect(guard.validate(change({ authTokenLifetime: '1 day' }, current))).to.equal(null);
    expect(guard.validate(change({ oidcClientId: 'x' }, current))).to.have.property('oidcFallback');
  });
});
