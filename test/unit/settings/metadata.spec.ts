import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PROVISIONING_DENIALS,
  PROVISIONING_WARNINGS,
  denialI18nKey,
  type ProvisioningDenialCode,
} from '../../../src/provisioning/errors.js';
import { OIDC_SETTING_DEFAULTS } from '../../../src/settings/defaults.js';
import { isDuration } from '../../../src/settings/duration.js';
import { OIDC_SETTINGS_ERRORS } from '../../../src/settings/errors.js';
import { conditionsOf, violations, type FieldLogic } from '../../support/dynamic-logic.js';

// Compiled to dist/test/unit/settings; the sources live at the repository root.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

interface FieldDef {
  type: string;
  default?: unknown;
  options?: string[];
  optionsPath?: string[];
  tooltip?: boolean;
  readOnly?: boolean;
  notStorable?: boolean;
}
const fields = json('metadata/entityDefs/Settings.json').fields as Record<string, FieldDef>;
const method = json('metadata/authenticationMethods/Oidc.json');
const appConfig = json('metadata/app/config.json') as Record<string, { level: string }>;
const settingsI18n = json('i18n/en_US/Settings.json');
const oidcI18n = json('i18n/en_US/Oidc.json');
const logic = method.settings.dynamicLogic.fields as Record<string, FieldLogic>;

const TYPES = ['varchar', 'text', 'password', 'url', 'enum', 'multiEnum', 'bool', 'int', 'duration', 'teamMapping'];
const CORE_ATTRIBUTES = ['authenticationMethod'];

/** A complete, valid OIDC configuration (values after a save). */
const valid = {
  authenticationMethod: 'Oidc',
  ...OIDC_SETTING_DEFAULTS,
  oidcClientId: 'crm',
  oidcClientSecret: 'set',
  oidcIssuer: 'https://idp.example.com',
  oidcAuthorizationEndpoint: 'https://idp.example.com/a',
  oidcTokenEndpoint: 'https://idp.example.com/t',
  oidcJwksEndpoint: 'https://idp.example.com/j',
};

describe('settings/metadata: Settings fields, Oidc method, config levels, i18n', () => {
  it('declares every setting of the issue with a known type', () => {
    const issueFields = [
      'oidcClientId',
      'oidcClientSecret',
      'oidcAuthorizationRedirectUri',
      'oidcAuthorizationEndpoint',
      'oidcTokenEndpoint',
      'oidcUserInfoEndpoint',
      'oidcJwksEndpoint',
      'oidcJwtSignatureAlgorithmList',
      'oidcScopes',
      'oidcUsernameClaim',
      'oidcCreateUser',
      'oidcSync',
      'oidcTeams',
      'oidcGroupClaim',
      'oidcSyncTeams',
      'oidcFallback',
      'oidcAllowRegularUserFallback',
      'oidcAllowAdminUser',
      'oidcLogoutUrl',
      'oidcAuthorizationPrompt',
      'oidcAuthorizationPkce',
      'oidcAuthorizationMaxAge',
      'oidcJwksCachePeriod',
      'oidcIssuer',
      'oidcTokenEndpointAuthMethod',
      'oidcClockTolerance',
      'oidcAllowHttp',
      'oidcLinkByEmail',
      'oidcProviderLabel',
    ];
    expect(Object.keys(fields)).to.include.members(issueFields);
    for (const [name, def] of Object.entries(fields)) expect(TYPES, name).to.include(def.type);
  });

  it('uses the agreed shapes for the special fields', () => {
    expect(fields['oidcJwtSignatureAlgorithmList']).to.deep.include({
      type: 'multiEnum',
      optionsPath: ['app', 'jwtAlgorithms'],
      default: ['RS256'],
    });
    expect(fields['oidcAuthorizationRedirectUri']).to.deep.include({ readOnly: true, notStorable: true });
    expect(fields['oidcJwksCachePeriod']).to.deep.include({ type: 'duration', default: '10 minutes' });
    expect(fields['oidcTeams']).to.deep.include({ type: 'teamMapping' });
    expect(fields['oidcClientSecret']).to.deep.include({ type: 'password' });
    expect(fields['oidcAuthorizationPrompt']?.options).to.include.members([
      'none',
      'consent',
      'login',
      'select_account',
    ]);
    expect(fields['oidcTokenEndpointAuthMethod']?.options).to.deep.equal([
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
    ]);
  });

  it('keeps metadata defaults and the reader defaults in step', () => {
    for (const [name, def] of Object.entries(fields)) {
      if (def.notStorable) continue;
      expect(OIDC_SETTING_DEFAULTS, name).to.have.property(name);
      expect(OIDC_SETTING_DEFAULTS[name], name).to.deep.equal(def.default ?? null);
    }
    for (const key of Object.keys(OIDC_SETTING_DEFAULTS)) expect(fields, key).to.have.property(key);
    for (const [name, def] of Object.entries(fields))
      if (def.type === 'duration') expect(isDuration(def.default), name).to.equal(true);
  });

  it('gives every field an en_US label, and a tooltip exactly where tooltip is true', () => {
    for (const [name, def] of Object.entries(fields)) {
      expect(settingsI18n.fields[name], `label ${name}`).to.be.a('string').with.length.above(0);
      if (def.tooltip) expect(settingsI18n.tooltips[name], `tooltip ${name}`).to.be.a('string').with.length.above(0);
    }
    for (const name of Object.keys(settingsI18n.tooltips))
      expect(fields[name]?.tooltip, `tooltip without field ${name}`).to.equal(true);
    expect(settingsI18n.options.authenticationMethod.Oidc).to.be.a('string');
  });

  it('labels every static option', () => {
    for (const [name, def] of Object.entries(fields)) {
      for (const option of def.options ?? [])
        expect(settingsI18n.options[name]?.[option], `${name}.${option}`).to.be.a('string');
    }
  });

  it('declares a config level for every stored field: secrets secret, login-page data public, the rest admin', () => {
    for (const [name, def] of Object.entries(fields)) {
      if (def.notStorable) {
        expect(appConfig, name).not.to.have.property(name);
        continue;
      }
      const expected =
        def.type === 'password' ? 'secret' : ['oidcFallback', 'oidcProviderLabel'].includes(name) ? 'public' : 'admin';
      expect(appConfig[name]?.level, name).to.equal(expected);
    }
    expect(appConfig['oidcClientSecret']?.level).to.equal('secret');
    for (const key of Object.keys(appConfig)) expect(fields, key).to.have.property(key);
  });

  it('lays out existing fields only, each once', () => {
    const cells = (method.settings.layout as string[][]).flat();
    for (const cell of cells) expect(fields, cell).to.have.property(cell);
    expect(new Set(cells).size).to.equal(cells.length);
    expect([...cells].sort()).to.deep.equal(Object.keys(fields).sort());
  });

  it('is available, names its fallback parameter, and refers only to known fields in its dynamic logic', () => {
    expect(method.settings.isAvailable).to.equal(true);
    expect(method.fallbackConfigParam).to.equal('oidcFallback');
    for (const [field, rules] of Object.entries(logic)) {
      expect(fields, field).to.have.property(field);
      for (const rule of Object.values(rules)) {
        for (const c of conditionsOf(rule)) {
          if (c.attribute !== undefined)
            expect([...Object.keys(fields), ...CORE_ATTRIBUTES], c.attribute).to.include(c.attribute);
        }
        if (rule?.message !== undefined) expect(settingsI18n.messages[rule.message], rule.message).to.be.a('string');
      }
    }
  });

  it('translates every reason code of the settings reader and of provisioning, and every warning', () => {
    const lookup = (key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], { Oidc: oidcI18n });
    for (const { i18nKey } of Object.values(OIDC_SETTINGS_ERRORS)) expect(lookup(i18nKey), i18nKey).to.be.a('string');
    for (const code of Object.keys(PROVISIONING_DENIALS) as ProvisioningDenialCode[])
      expect(lookup(denialI18nKey(code)), code).to.be.a('string');
    for (const code of Object.keys(PROVISIONING_WARNINGS)) expect(oidcI18n.warnings[code], code).to.be.a('string');
  });

  it('documents every setting in docs/configuration.md', () => {
    const doc = readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
    for (const name of Object.keys(fields)) expect(doc, name).to.contain(`\`${name}\``);
  });

  describe('dynamic logic (evaluated like the server does, on the values after the change)', () => {
    it('accepts a complete configuration', () => {
      expect(violations(logic, valid)).to.deep.equal({});
    });

    it('asks nothing while the method is not Oidc', () => {
      expect(
        violations(logic, { ...OIDC_SETTING_DEFAULTS, authenticationMethod: 'Password', oidcFallback: false }),
      ).to.deep.equal({});
    });

    it('requires the core fields when the method is Oidc', () => {
      const v = violations(logic, { ...OIDC_SETTING_DEFAULTS, authenticationMethod: 'Oidc' });
      for (const f of [
        'oidcClientId',
        'oidcIssuer',
        'oidcAuthorizationEndpoint',
        'oidcTokenEndpoint',
        'oidcJwksEndpoint',
      ])
        expect(v[f], f).to.equal('required');
      expect(violations(logic, { ...valid, oidcUsernameClaim: '' })).to.deep.equal({ oidcUsernameClaim: 'required' });
      expect(violations(logic, { ...valid, oidcJwtSignatureAlgorithmList: [] })).to.deep.equal({
        oidcJwtSignatureAlgorithmList: 'required',
      });
    });

    it('requires the JWKS endpoint for asymmetric algorithms only', () => {
      expect(
        violations(logic, { ...valid, oidcJwksEndpoint: null, oidcJwtSignatureAlgorithmList: ['HS256'] }),
      ).to.deep.equal({});
      for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
        expect(
          violations(logic, { ...valid, oidcJwksEndpoint: null, oidcJwtSignatureAlgorithmList: ['HS256', alg] }),
          alg,
        ).to.deep.equal({ oidcJwksEndpoint: 'required' });
      }
    });

    it('refuses admin OIDC off with fallback off (every admin locked out)', () => {
      expect(violations(logic, { ...valid, oidcAllowAdminUser: false, oidcFallback: false })).to.deep.equal({
        oidcAllowAdminUser: 'oidcAdminLockout',
      });
      expect(violations(logic, { ...valid, oidcAllowAdminUser: true, oidcFallback: false })).to.deep.equal({});
    });

    it('refuses regular-user fallback without fallback', () => {
      expect(
        violations(logic, {
          ...valid,
          oidcAllowAdminUser: true,
          oidcFallback: false,
          oidcAllowRegularUserFallback: true,
        }),
      ).to.deep.equal({
        oidcAllowRegularUserFallback: 'oidcRegularFallbackNeedsFallback',
      });
    });

    it('refuses client_secret_* methods and HS* algorithms without a client secret', () => {
      const noSecret = { ...valid, oidcClientSecret: null };
      for (const m of ['client_secret_basic', 'client_secret_post']) {
        expect(violations(logic, { ...noSecret, oidcTokenEndpointAuthMethod: m }), m).to.deep.equal({
          oidcClientSecret: 'oidcClientSecretNeeded',
        });
      }
      expect(
        violations(logic, {
          ...noSecret,
          oidcTokenEndpointAuthMethod: 'client_secret_jwt',
          oidcClientAssertionAlgorithm: 'HS256',
        }),
      ).to.deep.equal({
        oidcClientSecret: 'oidcClientSecretNeeded',
      });
      const pkj = { ...noSecret, oidcTokenEndpointAuthMethod: 'private_key_jwt', oidcClientPrivateKey: 'pem' };
      expect(violations(logic, pkj)).to.deep.equal({});
      expect(violations(logic, { ...pkj, oidcJwtSignatureAlgorithmList: ['RS256', 'HS384'] })).to.deep.equal({
        oidcClientSecret: 'oidcClientSecretNeeded',
      });
      expect(violations(logic, { ...pkj, oidcClientPrivateKey: null })).to.deep.equal({
        oidcClientPrivateKey: 'required',
      });
    });

    it('refuses an assertion algorithm that does not fit the method', () => {
      expect(
        violations(logic, {
          ...valid,
          oidcTokenEndpointAuthMethod: 'client_secret_jwt',
          oidcClientAssertionAlgorithm: 'RS256',
        }),
      ).to.deep.equal({
        oidcClientAssertionAlgorithm: 'oidcAssertionAlgorithmMismatch',
      });
    });

    it('requires the group claim for team mapping or team sync', () => {
      expect(violations(logic, { ...valid, oidcSyncTeams: true })).to.deep.equal({ oidcGroupClaim: 'required' });
      expect(violations(logic, { ...valid, oidcTeams: [{ group: 'a', team: 'A' }] })).to.deep.equal({
        oidcGroupClaim: 'required',
      });
      expect(violations(logic, { ...valid, oidcSyncTeams: true, oidcGroupClaim: 'groups' })).to.deep.equal({});
    });
  });
});
