import { expect } from 'chai';
import type { FieldOptionsProvider } from '../../sdk/settings.js';
import { parseConfigValue } from '../../src/cli/config-validation.js';
import { frontendMetadata } from '../../src/http/routes/metadata-routes.js';
import { fieldOptions, optionsLookup } from '../../src/settings/field-defs.js';
import { settingsSchemaErrors } from '../../src/settings/schema.js';
import { treeMetadata } from './support/tree-metadata.js';

/** A provider whose values change, like a registry that custom/ classes fill at start. */
class ListProvider implements FieldOptionsProvider {
  constructor(
    readonly name: string,
    public values: string[],
  ) {}
  options(): readonly string[] {
    return this.values;
  }
}

const metadata = treeMetadata({
  app: { algs: { RS256: {}, ES256: {} } },
  entityDefs: {
    Settings: {
      fields: {
        algList: { type: 'multiEnum', optionsProvider: 'test.algs', optionsPath: ['app', 'algs'] },
        alg: { type: 'enum', optionsProvider: 'test.algs', optionsPath: ['app', 'algs'] },
        fixed: { type: 'enum', options: ['a', 'b'], optionsProvider: 'test.algs' },
      },
    },
  },
});

describe('settings: FieldOptionsProvider (options of enum fields from a service)', () => {
  it('a bound provider gives the options; without one, optionsPath applies; static options win', () => {
    const provider = new ListProvider('test.algs', ['RS256', 'ES256K']);
    const lookup = optionsLookup([provider]);
    const defs = metadata.get<Record<string, never>>(['entityDefs', 'Settings', 'fields'])!;
    expect(fieldOptions(defs['algList']!, metadata, lookup)).to.deep.equal(['RS256', 'ES256K']);
    expect(fieldOptions(defs['algList']!, metadata)).to.deep.equal(['RS256', 'ES256']);
    expect(fieldOptions(defs['algList']!, metadata, optionsLookup([]))).to.deep.equal(['RS256', 'ES256']);
    expect(fieldOptions(defs['fixed']!, metadata, lookup)).to.deep.equal(['a', 'b']);
  });

  it('the settings schema (API save, config set) accepts what the provider gives now, and only that', () => {
    const provider = new ListProvider('test.algs', ['RS256']);
    const lookup = optionsLookup([provider]);
    expect(settingsSchemaErrors(metadata, { algList: ['ES256K'] }, lookup)).to.have.property('algList');
    provider.values = ['RS256', 'ES256K']; // e.g. a class dropped into custom/ was loaded
    expect(settingsSchemaErrors(metadata, { algList: ['ES256K'], alg: 'ES256K' }, lookup)).to.deep.equal({});
    expect(settingsSchemaErrors(metadata, { alg: 'ES256' }, lookup)).to.have.property('alg');
    expect(parseConfigValue(metadata, 'algList', '["ES256K"]', lookup)).to.deep.equal(['ES256K']);
    expect(() => parseConfigValue(metadata, 'algList', '["ES256K"]')).to.throw(/must be one of: RS256, ES256/);
  });

  it('GET /api/v1/Metadata serves the provided values as the field options (what forms list)', () => {
    const lookup = optionsLookup([new ListProvider('test.algs', ['RS256', 'ES256K'])]);
    const served = frontendMetadata(metadata.all(), lookup) as {
      entityDefs: { Settings: { fields: Record<string, { options?: string[] }> } };
    };
    expect(served.entityDefs.Settings.fields['algList']?.options).to.deep.equal(['RS256', 'ES256K']);
    expect(served.entityDefs.Settings.fields['alg']?.options).to.deep.equal(['RS256', 'ES256K']);
    expect(served.entityDefs.Settings.fields['fixed']?.options).to.deep.equal(['a', 'b']);
    const untouched = metadata.get<Record<string, { options?: string[] }>>(['entityDefs', 'Settings', 'fields'])!;
    expect(untouched['algList']?.options, 'the merged tree is not modified').to.equal(undefined);
  });
});
