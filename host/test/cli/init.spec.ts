import { expect } from 'chai';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { IDP_PATHS } from '../../src/cli/commands/idp-uris.js';
import { fixtureDir, newInstanceRoot } from '../extensions/support/test-instance.js';
import { runCrmHost } from './run-cli.js';

/** `crm-host init` as a child process, with a fixture extension folder as the package (fast to install). */
describe('crm-host init', function () {
  this.timeout(120000);
  const roots: string[] = [];
  after(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });
  async function freshRoot(label: string): Promise<string> {
    const base = await newInstanceRoot(label);
    roots.push(base);
    return path.join(base, 'instance'); // not created yet: init makes it
  }

  it('creates the instance, installs the package, creates the admin from stdin, prints the IdP URIs', async () => {
    const root = await freshRoot('init-ok');
    const site = 'https://crm.example.com';
    const run = await runCrmHost(
      ['init', '--root', root, '--site-url', site, '--extension', fixtureDir('demo-v1'), '--admin-password-stdin'],
      { input: 'correct horse battery\n' },
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(`Instance created in ${root}`);
    expect(run.stdout).to.contain('extension: demo-ext 1.0.0');
    expect(run.stdout).not.to.contain('shown once');
    expect(run.stdout).to.contain(`crm-host start --root "${root}"`);
    for (const p of Object.values(IDP_PATHS)) expect(run.stdout).to.contain(`${site}${p}`);
    const get = await runCrmHost(['config', 'get', 'siteUrl', '--root', root]);
    expect(get.stdout.trim()).to.equal(JSON.stringify(site));
    const list = await runCrmHost(['extension', 'list', '--root', root]);
    expect(list.stdout).to.match(/demo-ext\s+1\.0\.0/);
    // The admin exists: creating it again is refused.
    const again = await runCrmHost(['user', 'create', '--username', 'admin', '--root', root]);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('already exists');
  });

  it('refuses an existing instance (exit 1) and changes nothing', async () => {
    const root = await freshRoot('init-twice');
    const first = await runCrmHost(['init', '--root', root, '--extension', fixtureDir('demo-v1')]);
    expect(first.code, first.stderr).to.equal(0);
    const password = /Admin password \(shown once\): (\S+)/.exec(first.stdout)?.[1];
    expect(password).to.match(/^[A-Za-z0-9_-]{20}$/);
    const before = await readdir(path.join(root, 'data'));
    const second = await runCrmHost(['init', '--root', root, '--extension', fixtureDir('demo-v1')]);
    expect(second.code).to.equal(1);
    expect(second.stdout).to.equal('');
    expect(second.stderr).to.contain(`${root} already holds an instance`).and.contain('init changed nothing');
    expect(await readdir(path.join(root, 'data'))).to.deep.equal(before);
  });

  it('records --database in instance.json (0600); later commands use that database', async () => {
    const root = await freshRoot('init-db');
    const file = path.join(path.dirname(root), 'elsewhere.db');
    const run = await runCrmHost([
      'init',
      '--root',
      root,
      '--database',
      `libsql:${file}`,
      '--extension',
      fixtureDir('demo-v1'),
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const config = JSON.parse(await readFile(path.join(root, 'instance.json'), 'utf8')) as { databaseUrl: string };
    expect(config.databaseUrl).to.equal(`libsql:${file}`);
    expect((await stat(path.join(root, 'instance.json'))).mode & 0o777).to.equal(0o600);
    expect((await stat(file)).size).to.be.greaterThan(0);
    const set = await runCrmHost(['config', 'set', 'applicationName', 'Recorded DB', '--root', root]);
    expect(set.code, set.stderr).to.equal(0);
    expect(await stat(path.join(root, 'data', 'crm.db')).catch(() => null)).to.equal(null);
  });

  it('a missing package exits 1 and creates nothing; a bad --database exits 2', async () => {
    const root = await freshRoot('init-missing');
    const missing = await runCrmHost(['init', '--root', root, '--extension', path.join(root, 'nope.zip')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('no extension package at').and.contain('npm run package');
    expect(await stat(root).catch(() => null)).to.equal(null);
    const bad = await runCrmHost(['init', '--root', root, '--database', 'postgres://x/y']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--database');
  });

  it('a failing install leaves nothing behind, so init can be rerun', async () => {
    const root = await freshRoot('init-fails');
    const run = await runCrmHost(['init', '--root', root, '--extension', fixtureDir('broken-migration')]);
    expect(run.code).to.equal(1);
    expect(await stat(root).catch(() => null)).to.equal(null);
  });
});
