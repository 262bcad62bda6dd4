import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WEB_ROOT } from '../../src/http/static-files.js';
import { bootTestHost, type TestHost } from '../../src/testing/index.js';

/** Every literal `t('Scope', 'category', 'key')` of the static UI must exist in en_US. */
describe('web UI strings', () => {
  let host: TestHost;
  before(async () => {
    host = await bootTestHost();
  });
  after(() => host.cleanup());

  it('every literal key the UI translates is defined in en_US', () => {
    const dir = path.join(WEB_ROOT, 'static');
    const strings = host.i18n.language('en_US') as Record<string, Record<string, Record<string, unknown>>>;
    const missing: string[] = [];
    let count = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'(\w+)',\s*'(\w+)',\s*'([^']+)'/g)) {
        count++;
        const [, scope, category, key] = match;
        if (typeof strings[scope]?.[category]?.[key] !== 'string') missing.push(`${file}: ${scope}.${category}.${key}`);
      }
    }
    expect(count).to.be.greaterThan(30);
    expect(missing).to.deep.equal([]);
  });
});
