import { expect } from 'chai';
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostError } from '../../sdk/errors.js';
import { forEachDatabase } from '../../src/testing/index.js';
import { createTestInstance, fixtureDir, type TestInstance } from './support/test-instance.js';
import { expectCode } from './support/expect-code.js';
import { zipFolder } from './support/zip-writer.js';

const exists = async (file: string) => (await stat(file).catch(() => null)) !== null;

forEachDatabase('extensions: manager install / upgrade / uninstall', (db) => {
  let instance: TestInstance;

  beforeEach(async function () {
    this.timeout(30000);
    instance = await createTestInstance('ext', await db.createUrl());
  });
  afterEach(() => instance.close());

  const install = (fixture: string) => instance.manager.install(fixtureDir(fixture), (e) => instance.progress.push(e));
  const extDir = () => path.join(instance.paths.extensions, 'demo-ext');

  it('installs a folder package: files, record, migrations, scripts, metadata; steps reported in order', async () => {
    const result = await install('demo-v1');
    expect(result).to.include({ name: 'demo-ext', version: '1.0.0', previousVersion: null, isUpgrade: false });
    expect(result.migrations).to.deep.equal(['001_demo_items']);
    expect(await readFile(path.join(extDir(), 'src/index.js'), 'utf8')).to.contain("'1.0.0'");
    const [record] = await instance.records();
    expect(record).to.include({ name: 'demo-ext', version: '1.0.0', order: 60, isInstalled: true });
    expect(record!.files).to.include('metadata/app/demoExt.json');
    expect(await instance.hasTable('demo_items')).to.equal(true);
    expect(instance.metadata().app).to.deep.include({ demoExt: { version: 1, features: ['a'] } });
    expect((await instance.events()).map((e) => `${e.script}:${e.version}:${e.isUpgrade}`)).to.deep.equal([
      'beforeInstall:1.0.0:false',
      'afterInstall:1.0.0:false',
    ]);
    expect(instance.progress.filter((e) => e.kind === 'step').map((e) => e.step)).to.deep.equal([
      'read-package',
      'validate-manifest',
      'check-host-version',
      'check-dependencies',
      'check-version',
      'check-dependents',
      'copy-files',
      'load-entry',
      'migrate',
      'beforeInstall',
      'afterInstall',
      'save-record',
      'rebuild-cache',
    ]);
    expect(await exists(path.join(instance.paths.data, 'extension-manager.lock'))).to.equal(false);
  });

  it('installs a zip package the same way and removes its staging folder', async () => {
    const zip = path.join(instance.root, 'demo-ext-1.0.0.zip');
    await zipFolder(fixtureDir('demo-v1'), zip);
    await instance.manager.install(zip);
    expect((await instance.records())[0]).to.include({ version: '1.0.0', isInstalled: true });
    expect(await readdir(path.join(instance.paths.data, 'tmp', 'extensions'))).to.deep.equal([]);
  });

  it('upgrades v1 -> v2: old beforeUninstall with isUpgrade, new scripts with previousVersion, new migration only', async () => {
    await install('demo-v1');
    const result = await install('demo-v2');
    expect(result).to.include({ version: '2.0.0', previousVersion: '1.0.0', isUpgrade: true });
    expect(result.migrations).to.deep.equal(['002_demo_notes']);
    expect(
      (await instance.events()).slice(2).map((e) => `${e.script}:${e.version}:${e.isUpgrade}:${e.previousVersion}`),
    ).to.deep.equal([
      'beforeUninstall:1.0.0:true:1.0.0',
      'beforeInstall:2.0.0:true:1.0.0',
      'afterInstall:2.0.0:true:1.0.0',
    ]);
    expect(await readFile(path.join(extDir(), 'src/index.js'), 'utf8')).to.contain("'2.0.0'");
    expect((await instance.records())[0]).to.include({ version: '2.0.0', isInstalled: true });
    expect(await instance.hasTable('demo_notes')).to.equal(true);
    expect(instance.metadata().app).to.deep.include({ demoExt: { version: 2, features: ['a', 'b'] } });
    expect(await readdir(path.join(instance.paths.data, 'extension-backups'))).to.deep.equal([]);
  });

  it('a file in custom/ survives an upgrade and still overrides the extension metadata', async () => {
    await install('demo-v1');
    await mkdir(path.join(instance.paths.custom, 'metadata', 'app'), { recursive: true });
    const override = path.join(instance.paths.custom, 'metadata', 'app', 'demoExt.json');
    await writeFile(override, JSON.stringify({ features: ['custom'] }));
    await writeFile(path.join(instance.paths.custom, 'notes.txt'), 'keep me');
    const before = (await instance.snapshot()).files;
    await install('demo-v2');
    const after = (await instance.snapshot()).files;
    for (const key of Object.keys(before).filter((k) => k.startsWith('custom/')))
      expect(after[key], key).to.equal(before[key]);
    expect(await readFile(path.join(instance.paths.custom, 'notes.txt'), 'utf8')).to.equal('keep me');
    expect(instance.metadata().app).to.deep.include({ demoExt: { version: 2, features: ['custom'] } });
  });

  it('reinstalls the same version (equal is allowed)', async () => {
    await install('demo-v1');
    const result = await install('demo-v1');
    expect(result).to.include({ version: '1.0.0', previousVersion: '1.0.0' });
    expect(result.migrations).to.deep.equal([]);
  });

  it('refuses to install from the installed folder itself', async () => {
    await install('demo-v1');
    const before = await instance.snapshot();
    await expectCode(instance.manager.install(extDir()), 'ERR_EXTENSION_PACKAGE_INVALID');
    expect(await instance.snapshot()).to.deep.equal(before);
  });

  it('refuses a downgrade and changes nothing', async () => {
    await install('demo-v2');
    const before = await instance.snapshot();
    const error = await expectCode(install('demo-v1'), 'ERR_EXTENSION_DOWNGRADE');
    expect(error.message).to.contain('2.0.0').and.contain('1.0.0');
    expect(await instance.snapshot()).to.deep.equal(before);
  });

  it('refuses an unacceptable host version and changes nothing', async () => {
    const error = await expectCode(install('future-host'), 'ERR_EXTENSION_HOST_VERSION');
    expect(error.message).to.contain('>=9.0.0');
    expect(await exists(path.join(instance.paths.extensions, 'future-host-ext'))).to.equal(false);
    expect(await instance.records()).to.deep.equal([]);
    expect(await instance.events()).to.deep.equal([]);
  });

  it('refuses a missing dependency and changes nothing', async () => {
    const error = await expectCode(install('needs-dependency'), 'ERR_EXTENSION_DEPENDENCY_MISSING');
    expect(error.message).to.contain('absent-ext ^1.0.0 is not installed');
    expect(await instance.records()).to.deep.equal([]);
  });

  it('accepts a dependency that is installed', async () => {
    await install('demo-v1');
    await install('depends-on-demo');
    expect((await instance.records()).map((r) => r.name)).to.deep.equal(['demo-addon', 'demo-ext']);
  });

  it('rolls back a failing afterInstall: files, record, migrations and metadata exactly as before', async () => {
    await install('demo-v2');
    const before = await instance.snapshot();
    expect(Object.keys(before.files).length).to.be.greaterThan(5);
    const error = await expectCode(install('demo-v3-failing'), 'ERR_EXTENSION_INSTALL_FAILED');
    expect(error.message).to.contain('step "afterInstall"').and.contain('fails on purpose').and.contain('rolled back');
    expect(await instance.snapshot()).to.deep.equal(before);
    expect(await instance.hasTable('demo_tags')).to.equal(false);
    expect(await instance.hasTable('demo_notes')).to.equal(true);
    expect(JSON.parse(await readFile(path.join(instance.paths.data, 'cache', 'metadata.json'), 'utf8'))).to.deep.equal(
      before.metadata,
    );
    expect(await readdir(path.join(instance.paths.data, 'extension-backups'))).to.deep.equal([]);
    expect(instance.progress.filter((e) => e.kind === 'rollback').length).to.be.greaterThan(2);
  });

  it('rolls back a failing first install: no folder, no record, no tables, no metadata', async () => {
    const before = await instance.snapshot();
    await expectCode(install('demo-v3-failing'), 'ERR_EXTENSION_INSTALL_FAILED');
    expect(await instance.snapshot()).to.deep.equal(before);
    expect(await exists(extDir())).to.equal(false);
    for (const table of ['demo_items', 'demo_notes', 'demo_tags'])
      expect(await instance.hasTable(table), table).to.equal(false);
  });

  it('refuses an upgrade that breaks the range an installed dependent needs, and changes nothing', async () => {
    await install('demo-v1');
    await install('depends-on-demo');
    const before = await instance.snapshot();
    const error = await expectCode(install('demo-v2'), 'ERR_EXTENSION_REQUIRED');
    expect(error.message).to.contain('demo-addon needs demo-ext ^1.0.0');
    expect(await instance.snapshot()).to.deep.equal(before);
  });

  it('reverts the migrations of this install when a later migration fails midway', async () => {
    const before = await instance.snapshot();
    const error = await expectCode(install('broken-migration'), 'ERR_EXTENSION_INSTALL_FAILED');
    expect(error.message).to.contain('step "migrate"').and.contain('002_bm_broken');
    expect(await instance.hasTable('bm_first')).to.equal(false);
    expect(await instance.deps.appliedMigrations('broken-migration')).to.deep.equal([]);
    expect(await instance.snapshot()).to.deep.equal(before);
  });

  it('uninstalls: scripts run, folder removed, record marked, metadata rebuilt, tables kept', async () => {
    await install('demo-v1');
    const result = await instance.manager.uninstall('demo-ext', (e) => instance.progress.push(e));
    expect(result).to.deep.equal({ name: 'demo-ext', version: '1.0.0' });
    expect(await exists(extDir())).to.equal(false);
    expect((await instance.records())[0]).to.include({ name: 'demo-ext', isInstalled: false });
    expect(instance.metadata().app ?? {}).to.not.have.property('demoExt');
    expect(await instance.hasTable('demo_items')).to.equal(true);
    expect((await instance.events()).slice(2).map((e) => `${e.script}:${e.isUpgrade}`)).to.deep.equal([
      'beforeUninstall:false',
      'afterUninstall:false',
    ]);
    expect(await instance.manager.list()).to.deep.equal([]);
    // Installing again after an uninstall is a fresh install, not an upgrade.
    expect(await install('demo-v1')).to.include({ previousVersion: null, isUpgrade: false });
  });

  it('refuses to uninstall an extension another one depends on', async () => {
    await install('demo-v1');
    await install('depends-on-demo');
    const before = await instance.snapshot();
    const error = await expectCode(instance.manager.uninstall('demo-ext'), 'ERR_EXTENSION_REQUIRED');
    expect(error.message).to.contain('demo-addon');
    expect(await instance.snapshot()).to.deep.equal(before);
  });

  it('rolls back a failing afterUninstall: folder, record and metadata are back', async () => {
    await instance.manager.install(fixtureDir('uninstall-fails'));
    const before = await instance.snapshot();
    expect(instance.metadata().app).to.deep.include({ uninstallFails: { enabled: true } });
    const error = await expectCode(instance.manager.uninstall('uninstall-fails'), 'ERR_EXTENSION_UNINSTALL_FAILED');
    expect(error.message).to.contain('step "afterUninstall"').and.contain('rolled back');
    expect(await instance.snapshot()).to.deep.equal(before);
  });

  it('refuses to uninstall what is not installed', async () => {
    await expectCode(instance.manager.uninstall('nothing-here'), 'ERR_EXTENSION_NOT_INSTALLED');
  });

  it('lists installed extensions with their description, and folders copied in without a record', async () => {
    await install('demo-v1');
    await cp(fixtureDir('cli-command'), path.join(instance.paths.extensions, 'cli-demo'), { recursive: true });
    const list = await instance.manager.list();
    expect(list.map((e) => [e.name, e.recorded, e.folderPresent])).to.deep.equal([
      ['cli-demo', false, true],
      ['demo-ext', true, true],
    ]);
    expect(list[1]).to.include({ version: '1.0.0', order: 60, description: 'Fixture demo-ext 1.0.0' });
    expect(list[0]!.installedAt).to.equal(null);
  });

  it('refuses a second install while one is running on the same instance', async () => {
    const results = await Promise.allSettled([install('demo-v1'), install('demo-v1')]);
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as HostError);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    expect(refused.map((e) => e.code)).to.deep.equal(['ERR_EXTENSION_MANAGER_BUSY']);
    expect((await instance.records())[0]).to.include({ version: '1.0.0', isInstalled: true });
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    await mkdir(instance.paths.data, { recursive: true });
    await writeFile(path.join(instance.paths.data, 'extension-manager.lock'), '2147483646');
    await install('demo-v1');
    expect(await exists(path.join(instance.paths.data, 'extension-manager.lock'))).to.equal(false);
  });
});
