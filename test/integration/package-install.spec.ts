import { expect } from 'chai';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootHost } from 'crm-host/internal/app/boot';
import { runProcess } from '../support/run-process.js';

// Compiled to dist/test/integration/: the repository root is three levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const run = (args: string[]) => runProcess(process.execPath, args, { cwd: repoRoot });

const crmHost = (...args: string[]) => run([path.join(repoRoot, 'host/dist/bin/crm-host.js'), ...args]);

describe('integration: the real oidc-auth package through the CLI', function () {
  this.timeout(120000);
  let root: string;
  let version: string;

  before(async () => {
    // Outside the repository: the installed extension must resolve crm-host/sdk and inversify anyway.
    root = await mkdtemp(path.join(os.tmpdir(), 'oidc-auth-fresh-'));
    version = (JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('npm run package builds build/oidc-auth-<version>.zip', async () => {
    const packaged = await run([path.join(repoRoot, 'dist/scripts/package.js')]);
    expect(packaged.code, packaged.stderr).to.equal(0);
    expect(packaged.stdout).to.contain(`Wrote build/oidc-auth-${version}.zip`);
    expect((await stat(path.join(repoRoot, 'build', `oidc-auth-${version}.zip`))).size).to.be.greaterThan(0);
  });

  it('installs on a fresh instance and shows in crm-host extension list', async () => {
    const install = await crmHost(
      'extension',
      'install',
      path.join(repoRoot, 'build', `oidc-auth-${version}.zip`),
      '--root',
      root,
    );
    expect(install.code, install.stderr).to.equal(0);
    expect(install.stdout).to.contain('[11] Running afterInstall').and.contain(`oidc-auth ${version} installed`);
    const list = await crmHost('extension', 'list', '--root', root);
    expect(list.code, list.stderr).to.equal(0);
    expect(list.stdout).to.match(new RegExp(`^oidc-auth\\s+${version.replace(/\./g, '\\.')}\\s+50\\s`, 'm'));
    expect(JSON.parse(await readFile(path.join(root, 'extensions/oidc-auth/extension.json'), 'utf8'))).to.have.property(
      'releaseDate',
    );
  });

  it('reinstalling the same version is accepted; the host still boots with it (migrate)', async () => {
    const again = await crmHost(
      'extension',
      'install',
      path.join(repoRoot, 'build', `oidc-auth-${version}`),
      '--root',
      root,
    );
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain(`Comparing with the installed version ${version}`);
    const migrate = await crmHost('migrate', '--root', root);
    expect(migrate.code, migrate.stderr).to.equal(0);
  });

  it('config set applies the extension settings validation (dynamic logic: Oidc needs its settings)', async () => {
    const refused = await crmHost('config', 'set', 'authenticationMethod', 'Oidc', '--root', root);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/^crm-host: not saved: .*oidcClientId/);
    expect((await crmHost('config', 'get', 'authenticationMethod', '--root', root)).stdout.trim()).to.equal(
      '"Password"',
    );
    const scopes = await crmHost('config', 'set', 'oidcScopes', '["email","groups"]', '--root', root);
    expect(scopes.code, scopes.stderr).to.equal(0);
  });

  it('upgrades to a newer build through the CLI, keeping the values an administrator set', async () => {
    expect((await crmHost('config', 'set', 'oidcScopes', '["email"]', '--root', root)).code).to.equal(0);
    const next = path.join(root, 'next-build');
    await cp(path.join(repoRoot, 'build', `oidc-auth-${version}`), next, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(next, 'extension.json'), 'utf8')) as { version: string };
    const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
    manifest.version = `${major}.${minor}.${patch + 1}`;
    await writeFile(path.join(next, 'extension.json'), JSON.stringify(manifest));
    const upgrade = await crmHost('extension', 'install', next, '--root', root);
    expect(upgrade.code, upgrade.stderr).to.equal(0);
    expect(upgrade.stdout).to.contain(`Running beforeUninstall of ${version}`);
    expect(upgrade.stdout).to.contain(`oidc-auth ${manifest.version} installed (was ${version})`);
    expect((await crmHost('config', 'get', 'oidcScopes', '--root', root)).stdout.trim()).to.equal('["email"]');
    const downgrade = await crmHost(
      'extension',
      'install',
      path.join(repoRoot, 'build', `oidc-auth-${version}.zip`),
      '--root',
      root,
    );
    expect(downgrade.code).to.equal(1);
    expect(downgrade.stderr).to.contain(`refusing to install the older ${version}`);
  });

  it('uninstall switches authenticationMethod from Oidc back to Password (afterUninstall)', async () => {
    // An administrator configured OIDC (written directly: the full settings are not the point here).
    const host = await bootHost({ root, logSink: () => undefined });
    try {
      await host.config.set({ authenticationMethod: 'Oidc' });
    } finally {
      await host.close();
    }
    expect((await crmHost('config', 'get', 'authenticationMethod', '--root', root)).stdout.trim()).to.equal('"Oidc"');
    const removed = await crmHost('extension', 'uninstall', 'oidc-auth', '--root', root);
    expect(removed.code, removed.stderr).to.equal(0);
    expect((await crmHost('config', 'get', 'authenticationMethod', '--root', root)).stdout.trim()).to.equal(
      '"Password"',
    );
    expect((await crmHost('extension', 'list', '--root', root)).stdout.trim()).to.equal('No extensions installed.');
  });
});
