import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import type { SettingsChecker, SettingsValidator } from '../../sdk/settings.js';
import { TYPES } from '../../sdk/tokens.js';
import { bootHttpTestHost, type HttpTestHost } from '../http/support/test-host.js';

const METADATA = {
  entityDefs: {
    Settings: {
      fields: {
        ssoClientId: { type: 'varchar', maxLength: 10 },
        ssoFallback: { type: 'bool', default: true },
        ssoLeeway: { type: 'int', min: 0, max: 300, default: 60 },
        ssoRedirectUri: { type: 'url', readOnly: true, notStorable: true, valueTemplate: '{siteUrl}/sso' },
      },
    },
  },
  authenticationMethods: {
    Sso: {
      settings: {
        isAvailable: true,
        layout: [['ssoClientId']],
        dynamicLogic: {
          fields: {
            ssoClientId: {
              required: { conditionGroup: [{ type: 'equals', attribute: 'authenticationMethod', value: 'Sso' }] },
            },
          },
        },
      },
    },
  },
};

/** TYPES.SettingsChecker: the settings API's checks (SettingsService) without saving. */
describe('settings checker (TYPES.SettingsChecker)', () => {
  let host: HttpTestHost;
  let checker: SettingsChecker;
  let validatorCalls = 0;

  before(async () => {
    host = await bootHttpTestHost({
      metadata: {
        entityDefs: { Settings: METADATA.entityDefs.Settings },
        authenticationMethods: { Sso: METADATA.authenticationMethods.Sso },
      },
    });
    host.container.bind<SettingsValidator>(TYPES.SettingsValidator).toConstantValue({
      validate: () => {
        validatorCalls++;
        return { ssoFallback: 'refused by a validator' };
      },
    });
    checker = host.container.get<SettingsChecker>(TYPES.SettingsChecker);
  });
  after(() => host?.cleanup());

  it('returns per-field messages for read-only fields, schema and dynamic logic, and saves nothing', async () => {
    const rows = await host.configRows();
    expect(Object.keys(await checker.check({ ssoRedirectUri: 'x', ssoLeeway: 301 }))).to.have.members([
      'ssoRedirectUri',
      'ssoLeeway',
    ]);
    expect(await checker.check({ authenticationMethod: 'Sso' })).to.deep.equal({
      ssoClientId: 'This field is required.',
    });
    expect(
      await checker.check({ authenticationMethod: 'Sso', ssoClientId: 'crm' }, { validators: false }),
    ).to.deep.equal({});
    expect(await host.configRows()).to.equal(rows);
  });

  it('runs the SettingsValidators only when asked (validators: true, the default)', async () => {
    validatorCalls = 0;
    expect(await checker.check({ ssoLeeway: 5 }, { validators: false })).to.deep.equal({});
    expect(validatorCalls).to.equal(0);
    expect(await checker.check({ ssoLeeway: 5 })).to.deep.equal({ ssoFallback: 'refused by a validator' });
    expect(validatorCalls).to.equal(1);
  });

  it('parses command-line text like config set; unknown fields and bad values are ERR_SETTINGS_INVALID per field', () => {
    expect(checker.parse('ssoLeeway', '30')).to.equal(30);
    expect(checker.parse('ssoClientId', '12345')).to.equal('12345');
    expect(checker.parse('ssoFallback', 'false')).to.equal(false);
    for (const [field, text] of [
      ['ssoLeeway', 'soon'],
      ['nope', '1'],
      ['ssoClientId', 'far-too-long-for-ten'],
    ] as const) {
      try {
        checker.parse(field, text);
        expect.fail(`${field} accepted`);
      } catch (error) {
        expect(HostError.is(error) && error.code).to.equal('ERR_SETTINGS_INVALID');
        expect((error as HostError).fields).to.have.property(field);
      }
    }
  });
});
