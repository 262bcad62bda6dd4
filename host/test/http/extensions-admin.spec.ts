// The extension manager's admin API (/api/v1/Extension...): only admins, CSRF on every write, a raw zip
// body with a size cap, a preview that installs nothing, installs/uninstalls as jobs whose progress is
// polled, the upload deleted afterwards, one operation at a time, the UI switch, and the restart flag.
import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExtensionRecords } from '../../src/extensions/records.js';
import { WEB_ROOT } from '../../src/http/static-files.js';
import { UI_INSTALLS_ENV } from '../../src/extensions/ui-policy.js';
import { fixtureDir } from '../extensions/support/test-instance.js';
import { zipFolder } from '../extensions/support/zip-writer.js';
import { as, createUser, login, startFixture, type Fixture, type Session } from './support/http-fixture.js';

interface Job {
  state: string;
  by: string;
  lines: Array<{ kind: string; step?: string; message: string }>;
  restartRequired: boolean;
  result: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
}

describe('http: extension manager admin API', function () {
  this.timeout(30_000);
  let fx: Fixture;
  let admin: Session;
  let clerk: Session;
  const zips: Record<string, Buffer> = {};

  before(async () => {
    const dir = path.join(fixtureDir('..'), '..', '..', '.tmp', 'extui-zips');
    await mkdir(dir, { recursive: true });
    for (const name of ['demo-v1', 'demo-v2', 'demo-v3-failing', 'future-host']) {
      await zipFolder(fixtureDir(name), path.join(dir, `${name}.zip`));
      zips[name] = await readFile(path.join(dir, `${name}.zip`));
    }
  });

  beforeEach(async () => {
    fx = await startFixture({ logLevel: 'info' });
    await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    await createUser(fx.host, 'clerk', 'clerk-pass-1', 'regular');
    admin = await login(fx.app, 'root', 'root-pass-1');
    clerk = await login(fx.app, 'clerk', 'clerk-pass-1');
  });
  afterEach(async () => {
    delete process.env[UI_INSTALLS_ENV];
    await fx.close();
  });

  const uploads = () => readdir(path.join(fx.host.paths.data, 'tmp', 'extension-uploads')).catch(() => []);
  const upload = (zip: Buffer, who: Session | null = admin, csrf = true, type = 'application/zip') =>
    fx.app.inject({
      method: 'POST',
      url: '/api/v1/Extension/upload?fileName=demo.zip',
      headers: { ...(who ? as(who, csrf) : {}), 'content-type': type },
      payload: zip,
    });
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, who: Session = admin, csrf = true) =>
    fx.app.inject({ method, url, headers: as(who, csrf && method !== 'GET'), payload: payload as never });
  async function finish(started: LightMyRequestResponse): Promise<Job> {
    expect(started.statusCode, started.body).to.equal(202);
    for (let i = 0; i < 200; i += 1) {
      const job = (await call('GET', `/api/v1/Extension/job/${started.json().jobId}`)).json();
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not end');
  }
  async function install(name: string): Promise<Job> {
    const preview = await upload(zips[name]!);
    expect(preview.statusCode, preview.body).to.equal(200);
    return finish(await call('POST', '/api/v1/Extension/install', { uploadId: preview.json().uploadId }));
  }
  const record = () => new ExtensionRecords(fx.host.persistence).find('demo-ext');

  it('refuses non-admins (403) and anonymous requests (401) on every route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/Extension'],
      ['GET', '/api/v1/Extension/status'],
      ['POST', '/api/v1/Extension/install'],
      ['DELETE', '/api/v1/Extension/demo-ext'],
      ['GET', '/api/v1/Extension/job/0123456789abcdef0123456789abcdef'],
    ] as const) {
      const asClerk = await call(method, url, method === 'POST' ? { uploadId: 'x' } : undefined, clerk);
      expect(asClerk.statusCode, `${method} ${url}`).to.equal(403);
      expect(asClerk.json().code).to.equal('ERR_FORBIDDEN');
      const anonymous = await fx.app.inject({ method, url });
      expect(anonymous.statusCode, `${method} ${url}`).to.equal(401);
    }
    const clerkUpload = await upload(zips['demo-v1']!, clerk);
    expect(clerkUpload.statusCode).to.equal(403);
    expect((await upload(zips['demo-v1']!, null)).statusCode).to.equal(401);
    expect(await uploads()).to.deep.equal([]);
  });

  it('refuses cross-site writes without the CSRF header: upload, install, uninstall', async () => {
    const noCsrf = await upload(zips['demo-v1']!, admin, false);
    expect(noCsrf.statusCode).to.equal(403);
    expect(noCsrf.json().code).to.equal('ERR_CSRF_TOKEN_INVALID');
    expect(await uploads()).to.deep.equal([]);
    const preview = await upload(zips['demo-v1']!);
    const uploadId = preview.json().uploadId;
    const install = await call('POST', '/api/v1/Extension/install', { uploadId }, admin, false);
    expect(install.json().code).to.equal('ERR_CSRF_TOKEN_INVALID');
    expect(await record()).to.equal(null);
    await finish(await call('POST', '/api/v1/Extension/install', { uploadId }));
    const remove = await call('DELETE', '/api/v1/Extension/demo-ext', undefined, admin, false);
    expect(remove.json().code).to.equal('ERR_CSRF_TOKEN_INVALID');
    expect(await record()).to.include({ isInstalled: true });
  });

  it('previews without installing, installs on confirmation with the steps, deletes the upload, logs who', async () => {
    expect((await call('GET', '/api/v1/Extension/status')).json()).to.deep.equal({
      restartRequired: false,
      running: [],
      onDisk: [],
    });
    const preview = await upload(zips['demo-v1']!);
    expect(preview.statusCode, preview.body).to.equal(200);
    expect(preview.json()).to.include({
      name: 'demo-ext',
      version: '1.0.0',
      action: 'install',
      previousVersion: null,
      installable: true,
      fileName: 'demo.zip',
    });
    expect(preview.json().acceptableVersions).to.deep.equal(['>=0.1.0 <1.0.0']);
    expect(await uploads()).to.have.length(1);
    expect(await record()).to.equal(null);
    expect(await readdir(fx.host.paths.extensions).catch(() => [])).to.deep.equal([]);

    const job = await finish(await call('POST', '/api/v1/Extension/install', { uploadId: preview.json().uploadId }));
    expect(job.state, JSON.stringify(job.error)).to.equal('done');
    expect(job.by).to.equal('root');
    expect(job.lines.filter((l) => l.kind === 'step').map((l) => l.step)).to.include.members([
      'read-package',
      'copy-files',
      'migrate',
      'afterInstall',
      'rebuild-cache',
    ]);
    expect(job.lines.at(-1)?.message).to.equal('demo-ext 1.0.0 installed');
    expect(job.restartRequired).to.equal(true);
    expect(await uploads()).to.deep.equal([]);
    expect(await record()).to.include({ version: '1.0.0', isInstalled: true });
    const list = (await call('GET', '/api/v1/Extension')).json();
    expect(list.list.map((e: { name: string; version: string }) => `${e.name} ${e.version}`)).to.deep.equal([
      'demo-ext 1.0.0',
    ]);
    expect(list).to.include({ restartRequired: true });
    expect(list.onDisk).to.deep.equal(['demo-ext 1.0.0']);
    expect(list.running).to.deep.equal([]);
    expect(fx.host.logs.join('\n')).to.match(/Extension install started from the admin UI.*"by":"root"/);
    // The same upload cannot be installed twice.
    const again = await call('POST', '/api/v1/Extension/install', { uploadId: preview.json().uploadId });
    expect(again.json().code).to.equal('ERR_EXTENSION_UPLOAD_NOT_FOUND');
  });

  it('an upgrade says "upgrade from"; a downgrade and an unsupported host version are refused and deleted', async () => {
    await install('demo-v1');
    const up = await upload(zips['demo-v2']!);
    expect(up.json()).to.include({ action: 'upgrade', previousVersion: '1.0.0', installable: true });
    const job = await finish(await call('POST', '/api/v1/Extension/install', { uploadId: up.json().uploadId }));
    expect(job.state).to.equal('done');
    expect(job.result).to.include({ version: '2.0.0', previousVersion: '1.0.0' });

    const down = await upload(zips['demo-v1']!);
    expect(down.json()).to.include({ action: 'downgrade', installable: false, uploadId: null });
    expect(down.json().problems.map((p: { code: string }) => p.code)).to.deep.equal(['ERR_EXTENSION_DOWNGRADE']);
    const future = await upload(zips['future-host']!);
    expect(future.json().problems.map((p: { code: string }) => p.code)).to.deep.equal(['ERR_EXTENSION_HOST_VERSION']);
    expect(await uploads()).to.deep.equal([]);
    expect(await record()).to.include({ version: '2.0.0' });
  });

  it('a broken package is refused before install (400), nothing stored; a failing install names the step and rolls back', async () => {
    const broken = await upload(Buffer.from('PK\u0003\u0004 this is not a zip at all'));
    expect(broken.statusCode).to.equal(400);
    expect(broken.json().code).to.equal('ERR_EXTENSION_PACKAGE_INVALID');
    expect(await uploads()).to.deep.equal([]);
    await install('demo-v1');
    const failing = await install('demo-v3-failing');
    expect(failing.state).to.equal('failed');
    expect(failing.error).to.include({
      code: 'ERR_EXTENSION_INSTALL_FAILED',
      step: 'afterInstall',
      outcome: 'rolled-back',
    });
    expect(failing.lines.some((l) => l.kind === 'rollback')).to.equal(true);
    expect(await record()).to.include({ version: '1.0.0', isInstalled: true });
    expect(await uploads()).to.deep.equal([]);
  });

  it('uninstalls as a job (tables and config kept), then the name is unknown', async () => {
    await install('demo-v1');
    const job = await finish(await call('DELETE', '/api/v1/Extension/demo-ext'));
    expect(job.state, JSON.stringify(job.error)).to.equal('done');
    expect(job.lines.at(-1)?.message).to.contain('uninstalled (its database tables are kept)');
    expect(await record()).to.include({ isInstalled: false });
    expect((await call('DELETE', '/api/v1/Extension/demo-ext')).json().code).to.equal('ERR_EXTENSION_NOT_INSTALLED');
    expect(fx.host.logs.join('\n')).to.match(/Extension uninstall started from the admin UI.*"by":"root"/);
  });

  it('body: only application/zip or octet-stream, at most 16 MB (413); zip bodies are refused elsewhere (415)', async () => {
    const json = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Extension/upload',
      headers: as(admin),
      payload: { zip: 'x' },
    });
    expect(json.statusCode).to.equal(415);
    const octet = await upload(zips['demo-v1']!, admin, true, 'application/octet-stream');
    expect(octet.statusCode, octet.body).to.equal(200);
    const huge = await upload(Buffer.alloc(16 * 1024 * 1024 + 1));
    expect(huge.statusCode).to.equal(413);
    expect(huge.json().code).to.equal('ERR_BODY_TOO_LARGE');
    const elsewhere = await fx.app.inject({
      method: 'POST',
      url: '/api/v1/Team',
      headers: { ...as(admin), 'content-type': 'application/zip' },
      payload: zips['demo-v1']!,
    });
    expect(elsewhere.statusCode).to.equal(415);
  });

  it('one install at a time: a live lock holder makes install and uninstall answer ERR_EXTENSION_MANAGER_BUSY', async () => {
    const preview = await upload(zips['demo-v1']!);
    await writeFile(path.join(fx.host.paths.data, 'extension-manager.lock'), String(process.pid));
    const busy = await call('POST', '/api/v1/Extension/install', { uploadId: preview.json().uploadId });
    expect(busy.statusCode).to.equal(409);
    expect(busy.json().code).to.equal('ERR_EXTENSION_MANAGER_BUSY');
    expect(await record()).to.equal(null);
  });

  it('config extensionUiInstalls=false or env CRM_EXTENSION_UI_INSTALLS=off turn UI installs off (403 with a code)', async () => {
    await install('demo-v1');
    await fx.host.config.set({ extensionUiInstalls: false });
    let info = (await call('GET', '/api/v1/Extension')).json();
    expect(info.uiInstalls).to.deep.equal({ enabled: false, source: 'config' });
    for (const response of [await upload(zips['demo-v2']!), await call('DELETE', '/api/v1/Extension/demo-ext')]) {
      expect(response.statusCode).to.equal(403);
      expect(response.json().code).to.equal('ERR_EXTENSION_UI_INSTALLS_DISABLED');
    }
    await fx.host.config.set({ extensionUiInstalls: true });
    process.env[UI_INSTALLS_ENV] = 'off';
    info = (await call('GET', '/api/v1/Extension')).json();
    expect(info.uiInstalls).to.deep.equal({ enabled: false, source: 'env' });
    expect((await upload(zips['demo-v2']!)).json().code).to.equal('ERR_EXTENSION_UI_INSTALLS_DISABLED');
    expect(await uploads()).to.deep.equal([]);
    expect(await record()).to.include({ version: '1.0.0', isInstalled: true });
  });

  it('the page translates every string it uses in en_US, de_DE, es_ES and fr_FR', () => {
    const source = readFileSync(path.join(WEB_ROOT, 'static', 'extensions.js'), 'utf8');
    const used = [...source.matchAll(/\b([xm])\(\s*'([^']+)'/g)].map(([, fn, key]) => [
      fn === 'x' ? 'labels' : 'messages',
      key!,
    ]);
    expect(used.length).to.be.greaterThan(30);
    const missing: string[] = [];
    for (const language of ['en_US', 'de_DE', 'es_ES', 'fr_FR']) {
      const strings = fx.host.i18n.language(language) as Record<string, Record<string, Record<string, unknown>>>;
      for (const [category, key] of used) {
        if (typeof strings['ExtensionAdmin']?.[category!]?.[key!] !== 'string')
          missing.push(`${language}: ${category}.${key}`);
      }
      for (const key of ['uiInstallsDisabled', 'uploadNotFound', 'jobNotFound']) {
        if (typeof strings['Extension']?.['messages']?.[key] !== 'string')
          missing.push(`${language}: Extension.${key}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });
});
