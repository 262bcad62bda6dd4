import { expect } from 'chai';
import {
  createSettingsAjv,
  buildSettingsSchema,
  errorsByField,
  settingsSchemaErrors,
} from '../../src/settings/schema.js';
import { treeMetadata } from './support/tree-metadata.js';

function validatorFor(fields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const metadata = treeMetadata({
    entityDefs: { Settings: { fields } },
    authenticationMethods: { Password: { settings: { isAvailable: true } } },
    ...extra,
  });
  const validate = createSettingsAjv().compile(buildSettingsSchema(metadata));
  return (body: unknown) => (validate(body) ? {} : errorsByField(validate.errors));
}

describe('settings/schema (generated from metadata)', () => {
  it('refuses unknown fields by name', () => {
    const check = validatorFor({});
    expect(check({ nope: 1 })).to.have.property('nope');
  });

  it('types: varchar, int bounds, bool, url, duration', () => {
    const check = validatorFor({
      name: { type: 'varchar', maxLength: 5, pattern: '^[a-z]+$' },
      count: { type: 'int', min: 1, max: 10 },
      flag: { type: 'bool' },
      link: { type: 'url' },
      wait: { type: 'duration' },
    });
    expect(
      check({ name: 'abc', count: 3, flag: true, link: 'https://x.example/cb', wait: '10 minutes' }),
    ).to.deep.equal({});
    const errors = check({ name: 'ABCDEFG', count: 11, flag: 'yes', link: 'javascript:alert(1)', wait: '5 weeks' });
    expect(Object.keys(errors).sort()).to.deep.equal(['count', 'flag', 'link', 'name', 'wait']);
    expect(errors.link).to.match(/http\(s\) URL/);
    expect(errors.wait).to.match(/duration/);
    expect(check({ count: 2.5 })).to.have.property('count');
  });

  it('enum options from optionsPath keys, filtered by optionsAvailablePath', () => {
    const check = validatorFor(
      {
        method: {
          type: 'enum',
          optionsPath: ['authenticationMethods'],
          optionsAvailablePath: ['settings', 'isAvailable'],
        },
      },
      {
        authenticationMethods: {
          Password: { settings: { isAvailable: true } },
          Oidc: { settings: { isAvailable: true } },
          Hidden: { settings: { isAvailable: false } },
        },
      },
    );
    expect(check({ method: 'Password' })).to.deep.equal({});
    expect(check({ method: 'Oidc' })).to.deep.equal({});
    expect(check({ method: 'Hidden' }).method).to.match(/must be one of/);
  });

  it('multiEnum: fixed options, or any strings with allowCustomOptions', () => {
    const check = validatorFor({
      algs: { type: 'multiEnum', options: ['RS256', 'ES256'] },
      scopes: { type: 'multiEnum', options: ['openid'], allowCustomOptions: true },
    });
    expect(check({ algs: ['RS256'], scopes: ['openid', 'groups'] })).to.deep.equal({});
    expect(check({ algs: ['none'] })).to.have.property('algs');
    expect(check({ algs: ['RS256', 'RS256'] })).to.have.property('algs');
    expect(check({ scopes: [''] })).to.have.property('scopes');
  });

  it('teamMapping: shape, and patterns must compile', () => {
    const check = validatorFor({ map: { type: 'teamMapping' } });
    expect(
      check({
        map: [
          { group: 'sales', team: 'Sales' },
          { group: '^crm-(.+)$', team: '$1', pattern: true },
        ],
      }),
    ).to.deep.equal({});
    expect(check({ map: [{ group: 'sales' }] })).to.have.property('map');
    expect(check({ map: [{ group: 'a', team: 'b', extra: 1 }] })).to.have.property('map');
    expect(check({ map: [{ group: '([', team: 'x', pattern: true }] }).map).to.match(/regular expression/);
    expect(check({ map: [{ group: '([', team: 'x' }] })).to.deep.equal({}); // exact group values are not patterns
  });

  it('teamMapping: an empty group (team for everyone) is allowed, an empty pattern is not', () => {
    const check = validatorFor({ map: { type: 'teamMapping' } });
    expect(check({ map: [{ group: '', team: 'Everyone' }] })).to.deep.equal({});
    expect(check({ map: [{ group: '', team: 'Everyone', pattern: true }] })).to.have.property('map');
  });

  it('nullable fields and passwords accept null; others do not', () => {
    const check = validatorFor({
      a: { type: 'varchar', nullable: true },
      b: { type: 'varchar' },
      s: { type: 'password' },
    });
    expect(check({ a: null, s: null })).to.deep.equal({});
    expect(check({ b: null })).to.have.property('b');
    expect(check({ a: 5 }).a).to.match(/string/);
  });

  it('an unknown field type in metadata is a loud error', () => {
    expect(() => validatorFor({ x: { type: 'wat' } })).to.throw(/unknown field type "wat"/);
  });

  it('settingsSchemaErrors checks a change against the merged metadata (for the CLI)', () => {
    const metadata = treeMetadata({ entityDefs: { Settings: { fields: { wait: { type: 'duration' } } } } });
    expect(settingsSchemaErrors(metadata, { wait: '2 hours' })).to.deep.equal({});
    expect(settingsSchemaErrors(metadata, { wait: 'soon' })).to.have.property('wait');
  });
});
