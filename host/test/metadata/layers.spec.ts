import { join } from 'node:path';
import { expect } from 'chai';
import { bootTestHost, createTempInstance, type TempInstance } from '../../src/testing/index.js';
import { writeExtension, writeFileDeep } from '../../src/testing/index.js';

describe('metadata and i18n layers (core < extensions by order < custom)', () => {
  let instance: TempInstance;
  before(async () => {
    instance = await createTempInstance();
    // "zeta" has the lower order, so it loads before "alpha" although its name sorts later.
    await writeExtension(instance.paths.extensions, {
      name: 'zeta-ext',
      order: 10,
      files: {
        'metadata/app/config.json': { siteUrl: { level: 'admin', from: 'zeta' }, zetaKey: { level: 'public' } },
        'metadata/authenticationMethods/Demo.json': { order: ['first', 'second'], who: 'zeta' },
        'i18n/en_US/Demo.json': { labels: { a: 'A (zeta)', b: 'B (zeta)' } },
        'i18n/de_DE/Demo.json': { labels: { a: 'A (de, zeta)' } },
      },
    });
    await writeExtension(instance.paths.extensions, {
      name: 'alpha-ext',
      order: 20,
      files: {
        'metadata/authenticationMethods/Demo.json': { order: ['__APPEND__', 'third'], who: 'alpha' },
        'metadata/broken/Bad.json': '{ "not": json',
        'metadata/app/listish.json': ['not', 'an', 'object'],
        'i18n/en_US/Demo.json': { labels: { b: 'B (alpha)' } },
      },
    });
    await writeFileDeep(join(instance.paths.custom, 'metadata', 'authenticationMethods', 'Demo.json'), {
      who: 'custom',
    });
    await writeFileDeep(join(instance.paths.custom, 'i18n', 'de_DE', 'Demo.json'), { labels: { c: 'C (de, custom)' } });
  });
  after(async () => instance?.cleanup());

  it('merges in order: extension order, then custom/, arrays appended with __APPEND__', async () => {
    const host = await bootTestHost({ instance });
    try {
      expect(host.extensions.map((e) => e.manifest.name)).to.deep.equal(['zeta-ext', 'alpha-ext']);
      expect(host.metadata.get('authenticationMethods.Demo')).to.deep.equal({
        order: ['first', 'second', 'third'],
        who: 'custom',
      });
      // An extension overrides core metadata.
      expect(host.metadata.get(['app', 'config', 'siteUrl'])).to.deep.include({ level: 'admin', from: 'zeta' });
      expect(host.config.levelOf('siteUrl')).to.equal('admin');
      expect(host.metadata.get('app.config.zetaKey.level')).to.equal('public');
    } finally {
      await host.cleanup();
    }
  });

  it('skips a file with bad JSON (and a non-object file), logging the file, and keeps the rest', async () => {
    const host = await bootTestHost({ instance });
    try {
      expect(host.metadata.get('broken')).to.equal(undefined);
      expect(host.metadata.get('app.listish')).to.equal(undefined);
      const log = host.logs.join('\n');
      expect(log)
        .to.contain('invalid JSON')
        .and.to.contain(join('metadata', 'broken', 'Bad.json'));
      expect(log).to.contain(join('metadata', 'app', 'listish.json'));
    } finally {
      await host.cleanup();
    }
  });

  it('translates with en_US fallback key by key, custom/ wins, unknown keys fall back to the key', async () => {
    const host = await bootTestHost({ instance });
    try {
      expect(host.i18n.translate('Demo', 'labels', 'a', 'de_DE')).to.equal('A (de, zeta)');
      expect(host.i18n.translate('Demo', 'labels', 'b', 'de_DE')).to.equal('B (alpha)');
      expect(host.i18n.translate('Demo', 'labels', 'c', 'de_DE')).to.equal('C (de, custom)');
      expect(host.i18n.translate('Demo', 'labels', 'b')).to.equal('B (alpha)');
      expect(host.i18n.translate('Demo', 'labels', 'nope', 'de_DE')).to.equal('nope');
      expect(host.i18n.translate('Demo', 'labels', 'a', 'fr_FR')).to.equal('A (zeta)');
      expect(host.i18n.languages()).to.deep.equal(['de_DE', 'en_US', 'es_ES', 'fr_FR']);
      expect(host.i18n.language('de_DE')).to.have.nested.property('Global.labels.Login', 'Anmelden');
      // a key the core de_DE lacks falls back to en_US (the fixture's own scope)
      expect(host.i18n.language('de_DE')).to.have.nested.property('Demo.labels.b', 'B (alpha)');
    } finally {
      await host.cleanup();
    }
  });

  it('rebuildResources() picks up a changed custom/ file and rewrites the cache', async () => {
    const host = await bootTestHost({ instance });
    try {
      await writeFileDeep(join(instance.paths.custom, 'metadata', 'authenticationMethods', 'Demo.json'), {
        who: 'custom v2',
      });
      expect(host.metadata.get('authenticationMethods.Demo.who')).to.equal('custom');
      await host.rebuildResources();
      expect(host.metadata.get('authenticationMethods.Demo.who')).to.equal('custom v2');
      const { readFile } = await import('node:fs/promises');
      const cache = JSON.parse(await readFile(join(instance.paths.data, 'cache', 'metadata.json'), 'utf8'));
      expect(cache.authenticationMethods.Demo.who).to.equal('custom v2');
      const de = JSON.parse(await readFile(join(instance.paths.data, 'cache', 'i18n', 'de_DE.json'), 'utf8'));
      expect(de.Demo.labels).to.deep.equal({ a: 'A (de, zeta)', b: 'B (alpha)', c: 'C (de, custom)' });
    } finally {
      await host.cleanup();
    }
  });

  it('hands out frozen trees that callers cannot change', async () => {
    const host = await bootTestHost({ instance });
    try {
      const demo = host.metadata.get<{ who: string }>('authenticationMethods.Demo');
      expect(() => {
        (demo as { who: string }).who = 'mutated';
      }).to.throw(TypeError);
    } finally {
      await host.cleanup();
    }
  });
});
