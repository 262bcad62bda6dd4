/**
 * The extension manager in the admin UI, in a real browser (playwright-core + Debian chromium) on a real
 * `crm-host start` process of an instance created without the extension: the admin uploads
 * build/oidc-auth-<version>.zip (npm run package), sees its manifest before anything is installed, confirms,
 * watches the steps; the page asks for a restart; after the host process is restarted, the extension's
 * settings are saved and alice signs in by OIDC against oidc-provider. Then an upgrade (a copy of the package
 * with a bumped version: "upgrade from"), a broken package (refused before install, nothing changed), and an
 * uninstall (the confirmation names what stays). Screenshots at 1280 and 390 wide go to $EXTUI_SHOTS_DIR
 * (default /tmp/extui-shots). Skipped, with the reason, without chromium.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Browser, Page } from 'playwright-core';
import yazl from 'yazl';
import { startOidcProvider, type OidcProviderIdp } from '../../support/idp/oidc-provider-idp.js';
import { repoRoot } from '../../support/oidc-host.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.EXTUI_SHOTS_DIR || '/tmp/extui-shots';
const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij-klmnop';
const CLI = path.join(repoRoot, 'host/dist/bin/crm-host.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.CRM_HOST_ROOT;
  delete env.CRM_EXTENSION_UI_INSTALLS;
  return env;
}

function run(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux): the host is restarted on the same port,
 * and a port from the ephemeral range could be taken by any outgoing connection on the machine meanwhile.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = randomInt(20000, 30000);
    const server = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
  throw new Error('no free port in 20000-29999');
}

/** A running `crm-host start`; `log` collects its output. */
class HostProcess {
  log = '';
  private child: ChildProcess | null = null;
  constructor(
    private readonly root: string,
    private readonly port: number,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'start', '--root', this.root, '--port', String(this.port)], {
      cwd: repoRoot,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const from = this.log.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host did not start:\n${this.log}`)), 30_000);
      const onData = (c: Buffer): void => {
        this.log += c.toString();
        if (this.log.slice(from).includes('crm-host listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', (code) => reject(new Error(`host exited (${code}):\n${this.log}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }
}

async function filesOf(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesOf(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** Zips a package folder (leaving out `skip`). */
async function zipFolder(dir: string, out: string, skip: readonly string[] = []): Promise<void> {
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(out));
  for (const file of await filesOf(dir)) if (!skip.includes(file)) zip.addFile(path.join(dir, file), file);
  zip.end();
  await written;
}

describe('extension manager UI in a browser (chromium, crm-host start, oidc-provider)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let idp: OidcProviderIdp;
  let root: string;
  let work: string;
  let host: HostProcess;
  let base: string;
  let version: string;
  let bumped: string;
  let zipPath: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    (skipped: ${CHROMIUM} is not installed; apt-get install -y chromium)`);
      this.skip();
    }
    // npm run package (only when build/ is older than its sources): the real package of this repository.
    const packaged = await run([path.join(repoRoot, 'dist/scripts/package.js'), '--if-stale']);
    expect(packaged.code, packaged.stderr).to.equal(0);
    version = (JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    zipPath = path.join(repoRoot, 'build', `oidc-auth-${version}.zip`);
    const [major, minor, patch] = version.split('.').map(Number);
    bumped = `${major}.${minor}.${patch! + 1}`;

    root = await mkdtemp(path.join(os.tmpdir(), 'extui-instance-'));
    work = await mkdtemp(path.join(os.tmpdir(), 'extui-work-'));
    const admin = await run(
      [CLI, 'user', 'create', '--username', 'admin', '--admin', '--password-stdin', '--root', root],
      'admin-pass-123\n',
    );
    expect(admin.code, admin.stderr).to.equal(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    host = new HostProcess(root, port);
    await host.start();

    idp = await startOidcProvider({
      skipConsent: true,
      accounts: [{ sub: 'alice', email: 'alice@example.test', email_verified: true, name: 'Alice A' }],
    });
    await idp.addClient({ client_id: 'crm', client_secret: SECRET, redirect_uris: [`${base}/oauth-callback`] });

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    await mkdir(SHOTS, { recursive: true });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`--- crm-host output ---\n${host?.log.slice(-6000)}`);
  });
  after(async () => {
    await browser?.close();
    await host?.stop();
    await idp?.stop();
    if (root) await rm(root, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function adminPage(width: number): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.goto(`${base}/`);
    await page.fill('#userName', 'admin');
    await page.fill('#password', 'admin-pass-123');
    await page.click('form button[type=submit]');
    await page.waitForURL('**/home');
    await page.click('nav a[href="/admin/extensions"]');
    await page.waitForSelector('#ext-installed');
    return { page, errors, dialogs };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const uploadsLeft = async () => readdir(path.join(root, 'data/tmp/extension-uploads')).catch(() => []);
  const cliList = async () => (await run([CLI, 'extension', 'list', '--json', '--root', root])).stdout;
  const installedByCli = async () =>
    (JSON.parse(await cliList()) as Array<{ name: string; version: string }>).map((e) => `${e.name} ${e.version}`);

  /** The progress lines without their `[n] ` step numbers. */
  const stepLines = async (page: Page) =>
    (await page.locator('#ext-progress li').allTextContents()).map((l) => l.replace(/^\[\d+\] /, ''));

  async function uploadAndPreview(page: Page, file: string): Promise<void> {
    await page.setInputFiles('#ext-file', file);
    await page.click('#ext-check');
    await page.waitForSelector('#ext-preview, #ext-refused');
  }

  it('uploads the packaged oidc-auth, shows the manifest first, installs with the steps; after a restart alice signs in by OIDC', async () => {
    const { page, errors } = await adminPage(1280);
    expect(await page.textContent('#ext-empty')).to.contain('No extensions installed');
    await shot(page, '01-empty-1280');

    await uploadAndPreview(page, zipPath);
    const manifest = await page.textContent('#ext-manifest');
    expect(manifest).to.contain('oidc-auth').and.contain(version).and.contain('New install');
    expect(manifest).to.match(/Host versions.*supported/);
    expect(await page.getAttribute('#ext-preview', 'data-action')).to.equal('install');
    // Nothing installed yet: the upload waits in the data folder.
    expect(await cliList()).to.equal('[]\n');
    expect(await uploadsLeft()).to.have.length(1);
    await shot(page, '02-preview-1280');

    await page.click('#ext-confirm');
    await page.waitForSelector('#ext-result');
    const lines = await stepLines(page);
    expect(await page.getAttribute('#ext-result', 'class'), lines.join('\n')).to.contain('ok');
    expect(lines).to.include.members([
      'Validating extension.json',
      'Running afterInstall',
      'Saving the Extension record',
    ]);
    expect(lines.at(-1)).to.equal(`oidc-auth ${version} installed`);
    expect(await page.textContent('#ext-result')).to.contain('Restart every host process');
    expect(await page.isVisible('#ext-restart')).to.equal(true);
    expect(await page.textContent('tr[data-extension="oidc-auth"] .ext-version')).to.equal(version);
    expect(await uploadsLeft()).to.deep.equal([]);
    expect(host.log).to.match(/Extension install started from the admin UI.*"by":"admin"/);
    await shot(page, '03-installed-1280');

    // Every admin page now says a restart is needed (this process runs without the extension's code).
    await page.click('nav a[href="/admin/teams"]');
    await page.waitForSelector('#restart-banner');
    await shot(page, '04-restart-banner-1280');
    const status = await page.evaluate(async () => (await fetch('/api/v1/Extension/status')).json());
    expect(status).to.deep.include({ restartRequired: true, running: [], onDisk: [`oidc-auth ${version}`] });

    await host.stop();
    await host.start();
    await page.goto(`${base}/admin/extensions`);
    await page.waitForSelector('#ext-table');
    expect(await page.$('#restart-banner')).to.equal(null);
    expect(await page.isVisible('#ext-restart')).to.equal(false);

    // The extension's settings are known now: save them like an admin, then sign in through the IdP.
    const saved = await page.evaluate(
      async ({ issuer, endpoints, secret }) => {
        const me = (await (await fetch('/api/v1/App/user')).json()) as { csrfToken: string };
        const response = await fetch('/api/v1/Settings', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
          body: JSON.stringify({
            authenticationMethod: 'Oidc',
            oidcIssuer: issuer,
            oidcAuthorizationEndpoint: endpoints.authorization,
            oidcTokenEndpoint: endpoints.token,
            oidcUserInfoEndpoint: endpoints.userinfo,
            oidcJwksEndpoint: endpoints.jwks,
            oidcClientId: 'crm',
            oidcClientSecret: secret,
            oidcCreateUser: true,
            oidcFallback: true,
          }),
        });
        return { status: response.status, body: await response.text() };
      },
      { issuer: idp.issuer, endpoints: idp.endpoints, secret: SECRET },
    );
    expect(saved.status, saved.body).to.equal(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const alice = await context.newPage();
    await alice.goto(`${base}/`);
    await alice.click('#sso-start');
    await alice.waitForSelector('input[name=login]');
    await alice.fill('input[name=login]', 'alice');
    await alice.fill('input[name=password]', 'any');
    await alice.click('button[type=submit]');
    await alice.waitForURL(`${base}/home`);
    const me = (await alice.evaluate(async () => (await fetch('/api/v1/App/user')).json())) as {
      user: { userName: string };
    };
    expect(me.user.userName).to.equal('alice');
    await context.close();
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('an upgrade says "upgrade from" and installs; a broken package is refused before install and changes nothing; a failing install names its step and rolls back (390 wide)', async () => {
    const folder = path.join(work, `oidc-auth-${bumped}`);
    await cp(path.join(repoRoot, 'build', `oidc-auth-${version}`), folder, { recursive: true });
    const manifestFile = path.join(folder, 'extension.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestFile, JSON.stringify({ ...manifest, version: bumped }, null, 2));
    const upgradeZip = path.join(work, `oidc-auth-${bumped}.zip`);
    await zipFolder(folder, upgradeZip);
    const brokenZip = path.join(work, `oidc-auth-${bumped}-broken.zip`);
    await zipFolder(folder, brokenZip, ['src/index.js']);

    const { page, errors } = await adminPage(390);
    await uploadAndPreview(page, brokenZip);
    expect(await page.textContent('#ext-refused'))
      .to.contain('ERR_EXTENSION_PACKAGE_INVALID')
      .and.contain('src/index.js');
    expect(await page.textContent('#ext-refused')).to.contain('Nothing was changed');
    expect(await uploadsLeft()).to.deep.equal([]);
    expect(await installedByCli()).to.deep.equal([`oidc-auth ${version}`]);
    await shot(page, '05-broken-refused-390');

    await uploadAndPreview(page, upgradeZip);
    expect(await page.getAttribute('#ext-preview', 'data-action')).to.equal('upgrade');
    expect(await page.textContent('#ext-manifest'))
      .to.contain(`Upgrade from ${version}`)
      .and.contain(bumped);
    expect(await page.textContent('#ext-confirm')).to.equal('Upgrade');
    await shot(page, '06-upgrade-preview-390');
    await page.click('#ext-confirm');
    await page.waitForSelector('#ext-result');
    const lines = await stepLines(page);
    expect(await page.getAttribute('#ext-result', 'class'), lines.join('\n')).to.contain('ok');
    expect(lines).to.include.members([
      `Comparing with the installed version ${version}`,
      `Running beforeUninstall of ${version}`,
    ]);
    expect(await page.textContent('#ext-result')).to.contain(`upgraded from ${version} to ${bumped}`);
    expect(await page.textContent('tr[data-extension="oidc-auth"] .ext-version')).to.equal(bumped);
    await shot(page, '07-upgraded-390');

    // An install that fails midway (a fixture whose afterInstall throws): the failed step, all rolled back.
    const failingZip = path.join(work, 'demo-ext-3.0.0-failing.zip');
    await zipFolder(path.join(repoRoot, 'test/fixtures/extensions/demo-v3-failing'), failingZip);
    await uploadAndPreview(page, failingZip);
    await page.click('#ext-confirm');
    await page.waitForSelector('#ext-result');
    const failed = await page.textContent('#ext-result');
    expect(await page.getAttribute('#ext-result', 'class')).to.contain('error');
    expect(failed)
      .to.match(/Failed at step “(afterInstall|load-entry)”\./)
      .and.contain('Everything was rolled back.');
    expect(await page.locator('#ext-progress li.rollback').count()).to.be.greaterThan(0);
    expect(await installedByCli()).to.deep.equal([`oidc-auth ${bumped}`]);
    expect(await uploadsLeft()).to.deep.equal([]);
    await shot(page, '08-install-failed-390');
    expect(errors).to.deep.equal([]);
    await page.close();
  });

  it('uninstalls after a confirmation naming what stays; a later CLI install (another process) makes the server ask for a restart', async () => {
    const { page, errors, dialogs } = await adminPage(1280);
    await page.click('tr[data-extension="oidc-auth"] button.danger');
    await page.waitForSelector('#ext-result');
    expect(dialogs).to.have.length(1);
    expect(dialogs[0])
      .to.contain(`oidc-auth ${bumped}`)
      .and.contain('database tables')
      .and.contain('config values stay');
    const lines = await stepLines(page);
    expect(await page.getAttribute('#ext-result', 'class'), lines.join('\n')).to.contain('ok');
    expect(lines).to.include.members(['Running beforeUninstall', 'Running afterUninstall']);
    await page.waitForSelector('#ext-empty');
    expect(await cliList()).to.equal('[]\n');
    expect(host.log).to.match(/Extension uninstall started from the admin UI.*"by":"admin"/);
    await shot(page, '09-uninstalled-1280');
    await page.setViewportSize({ width: 390, height: 900 });
    await shot(page, '10-uninstalled-390');

    // Another process changes the extensions (the CLI here): this server notices on its next admin page.
    await host.stop();
    await host.start();
    await page.goto(`${base}/admin/teams`);
    await page.waitForSelector('#team-form');
    expect(await page.$('#restart-banner')).to.equal(null);
    const cli = await run([CLI, 'extension', 'install', zipPath, '--root', root]);
    expect(cli.code, cli.stderr).to.equal(0);
    await page.reload();
    await page.waitForSelector('#restart-banner');
    await page.goto(`${base}/admin/extensions`);
    await page.waitForSelector('#ext-table');
    expect(await page.isVisible('#ext-restart')).to.equal(true);
    expect(await page.$('#restart-banner')).to.equal(null);
    expect(errors).to.deep.equal([]);
    await page.close();
  });
});
