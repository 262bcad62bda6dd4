import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { bootHost } from 'crm-host/internal/app/boot';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';
import { startCustomAlgIdp, type CustomAlgIdp, type SigningAlgorithm } from '../../support/idp/custom-alg-idp.js';
import { repoRoot } from '../../support/oidc-host.js';
import { runProcess } from '../../support/run-process.js';

const DOC = path.join(repoRoot, 'docs/custom-algorithms.md');
const CRM_HOST = path.join(repoRoot, 'host/dist/bin/crm-host.js');
const SECTION = '## Example: ES256K, step by step';
const CHROMIUM = '/usr/bin/chromium';
const ADMIN = { userName: 'admin', password: 'admin-pass-0123456789' };

const run = runProcess;

/** The doc's example section and its fenced blocks by language, in order. */
function docSection(doc: string): { text: string; blocks: { lang: string; body: string }[] } {
  const start = doc.indexOf(SECTION);
  expect(start, `docs/custom-algorithms.md has the section "${SECTION}"`).to.be.greaterThan(-1);
  const end = doc.indexOf('\n## ', start + SECTION.length);
  const text = doc.slice(start, end === -1 ? undefined : end);
  const blocks = [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
  return { text, blocks };
}

const squash = (s: string) => s.replace(/[ \t]+/g, ' ').trim();

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * docs/custom-algorithms.md, followed literally: the ES256K class file and the shell blocks of its example
 * are taken from the doc and run on a fresh instance with the CLI as built (oidc-auth packaged and
 * installed with `crm-host extension install`); the doc's expected output must appear; then the host is
 * started and a user signs in through /oauth-callback with an ID token signed by the doc's class (with
 * at_hash over the access token, checked with the class's declared hash). A drifted doc (file path,
 * command, class) fails here.
 */
describe('docs/custom-algorithms.md followed literally: a dropped-in ES256K class signs a user in', function () {
  this.timeout(240_000);
  let root: string;
  let work: string;
  let idp: CustomAlgIdp;
  let server: ChildProcess | undefined;
  let site: string;
  let section: ReturnType<typeof docSection>;
  const outputs: string[] = [];

  before(async () => {
    section = docSection(await readFile(DOC, 'utf8'));
    root = await mkdtemp(path.join(os.tmpdir(), 'oidc-custom-alg-doc-root-'));
    work = await mkdtemp(path.join(os.tmpdir(), 'oidc-custom-alg-doc-work-'));
    // A fresh instance with the packaged extension, installed through the CLI.
    const packaged = await run(process.execPath, [path.join(repoRoot, 'dist/scripts/package.js'), '--if-stale'], {
      cwd: repoRoot,
    });
    expect(packaged.code, packaged.stderr).to.equal(0);
    const version = (JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
    const zip = path.join(repoRoot, 'build', `oidc-auth-${version}.zip`);
    const install = await run(process.execPath, [CRM_HOST, 'extension', 'install', zip, '--root', root], {
      cwd: repoRoot,
    });
    expect(install.code, install.stderr).to.equal(0);
  });
  after(async () => {
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await once(server, 'exit');
    await idp?.stop();
    await rm(root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('step 1: the class file of the doc loads as an algorithm that signs and declares its hash', async () => {
    const name = /Save the class as `([^`]+)`/.exec(section.text)?.[1];
    expect(name, 'the doc names the file to save').to.be.a('string');
    const js = section.blocks.find((b) => b.lang === 'js');
    expect(js, 'the doc shows the class').to.not.equal(undefined);
    await writeFile(path.join(work, name!), js!.body);
    const Cls = ((await import(pathToFileURL(path.join(work, name!)).href)) as { default: new () => SigningAlgorithm })
      .default;
    const algorithm = new Cls();
    expect(algorithm.alg).to.equal('ES256K');
    expect(algorithm.hash).to.equal('sha256');

    // OIDC is configured and working with a built-in algorithm (the doc's starting point).
    idp = await startCustomAlgIdp({
      clientId: 'crm',
      algorithm,
      keyPair: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
      user: { sub: 'ada', email: 'ada@example.test', name: 'Ada L' },
    });
    const port = await freePort();
    site = `http://127.0.0.1:${port}`;
    const host = await bootHost({ root, logSink: () => undefined });
    try {
      await host.config.set({
        siteUrl: site,
        oidcClientId: 'crm',
        oidcClientSecret: 'a-long-ascii-secret-0123456789-abcdefghij',
        oidcIssuer: idp.issuer,
        oidcAuthorizationEndpoint: idp.endpoints.authorization,
        oidcTokenEndpoint: idp.endpoints.token,
        oidcJwksEndpoint: idp.endpoints.jwks,
        oidcJwtSignatureAlgorithmList: ['RS256'],
        oidcCreateUser: true,
        authenticationMethod: 'Oidc',
      });
    } finally {
      await host.close();
    }
  });

  it('steps 2-4: the shell blocks run as written and print what the doc shows', async () => {
    const shell = section.blocks.filter((b) => b.lang === 'sh');
    expect(shell.length, 'the doc has shell steps').to.be.greaterThan(0);
    for (const block of shell) {
      const script = ['set -euo pipefail', `crm-host() { "${process.execPath}" "${CRM_HOST}" "$@"; }`, block.body].join(
        '\n',
      );
      const result = await run('bash', ['-c', script], { cwd: work, env: { CRM_ROOT: root } });
      expect(result.code, `${block.body}\n${result.stderr}`).to.equal(0);
      outputs.push(result.stdout);
    }
    const printed = outputs.join('\n').split('\n').map(squash);
    for (const block of section.blocks.filter((b) => b.lang === 'text')) {
      for (const line of block.body.split('\n').filter((l) => l.trim() !== '')) {
        const expected = squash(line.replaceAll('$CRM_ROOT', root));
        expect(printed, `doc output line "${line}"`).to.include(expected);
      }
    }
    for (const [, expected] of section.text.matchAll(/which prints `([^`]+)`/g)) {
      expect(printed, `doc says the command prints "${expected}"`).to.include(squash(expected!));
    }
  });

  it('step 5: after a (re)start, a user signs in through /oauth-callback with an ES256K ID token', async () => {
    server = spawn(process.execPath, [CRM_HOST, 'start', '--port', new URL(site).port, '--root', root], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    server.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    for (let i = 0; i < 600 && !log.includes('crm-host listening on'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(log, 'the host started').to.contain('crm-host listening on');

    const browser = new ProgrammaticBrowser();
    try {
      const nav = await browser.navigate(`${site}/oidc/login`);
      expect(
        nav.chain.some((u) => u.startsWith(`${site}/oauth-callback?`)),
        nav.chain.join('\n'),
      ).to.equal(true);
      const me = await browser.request(`${site}/api/v1/App/user`);
      expect(me.status, me.body).to.equal(200);
      expect(JSON.stringify(me.json)).to.contain('"userName":"ada"');
      // The forms' algorithm lists (settings page, authentication providers) come from this metadata.
      const metadata = await browser.request(`${site}/api/v1/Metadata`);
      const fields = (metadata.json as { entityDefs: { Settings: { fields: Record<string, { options?: string[] }> } } })
        .entityDefs.Settings.fields;
      expect(fields['oidcJwtSignatureAlgorithmList']?.options).to.include('ES256K').and.include('RS256');
      expect(fields['oidcClientAssertionAlgorithm']?.options).to.include('ES256K');
    } finally {
      browser.close();
    }
    expect(idp.tokenRequests).to.equal(1);

    // The class's declared hash checks at_hash: a substituted access token is refused.
    idp.substituteAccessToken = true;
    const other = new ProgrammaticBrowser();
    try {
      const nav = await other.navigate(`${site}/oidc/login`);
      expect(nav.response?.status).to.equal(401);
      expect(nav.response?.body).to.contain('ERR_JWT_AT_HASH_MISMATCH');
      expect((await other.request(`${site}/api/v1/App/user`)).status).to.equal(401);
    } finally {
      other.close();
    }
  });

  it('the settings page lists the dropped-in algorithm (and has it ticked, as saved by config set)', async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    (skipped: ${CHROMIUM} is not installed)`);
      this.skip();
    }
    expect(server?.exitCode, 'the host of step 5 is running').to.equal(null);
    const created = await run(
      process.execPath,
      [
        CRM_HOST,
        'user',
        'create',
        '--username',
        ADMIN.userName,
        '--password',
        ADMIN.password,
        '--admin',
        '--root',
        root,
      ],
      { cwd: work },
    );
    expect(created.code, created.stderr).to.equal(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${site}/`);
      await page.fill('#userName', ADMIN.userName);
      await page.fill('#password', ADMIN.password);
      await page.click('form button[type=submit]');
      await page.waitForURL('**/home');
      await page.goto(`${site}/admin/settings`);
      await page.waitForSelector('#settings-form');
      const list = page.locator('#field-oidcJwtSignatureAlgorithmList input[type=checkbox]');
      const values = await list.evaluateAll((boxes) => boxes.map((b) => (b as unknown as { value: string }).value));
      expect(values).to.include('ES256K').and.include('RS256');
      expect(await page.locator('#field-oidcJwtSignatureAlgorithmList input[value=ES256K]').isChecked()).to.equal(true);
      const assertionOptions = await page
        .locator('#field-oidcClientAssertionAlgorithm option')
        .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
      expect(assertionOptions).to.include('ES256K');
      const artifacts = path.join(repoRoot, 'test', 'artifacts', 'ui');
      mkdirSync(artifacts, { recursive: true });
      await page
        .locator('#field-oidcJwtSignatureAlgorithmList')
        .screenshot({ path: path.join(artifacts, 'custom-algorithm-in-settings.png') });
    } finally {
      await browser.close();
    }
  });
});
