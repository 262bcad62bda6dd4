/**
 * The README's "Run it for real" block, executed literally (bash -e) in a fresh copy of the repository (the
 * tracked and unignored files: what a clone has, without node_modules, dist or build), on a new instance: the
 * only substitutions are the environment variables the block itself reads (CRM_HOST_ROOT, PORT,
 * CRM_SITE_URL). Then the login page is served with the setup hint, the admin signs in through the API with the
 * password init printed once, and the host stops on SIGTERM. Any change to the block that does not work fails it.
 */
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../extensions/support/test-instance.js';

const MARKER = '<!-- readme-run-it-for-real:';
const CHROMIUM = '/usr/bin/chromium';

/** The first ```sh block after the marker comment. */
export function runItForRealBlock(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error(`README.md has no "${MARKER}" marker`);
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!match) throw new Error('no ```sh block after the marker');
  return match[1]!;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** What a fresh clone has: tracked files and untracked unignored ones (the working tree under test). */
async function copyCheckout(to: string): Promise<void> {
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(repoRoot, file))) continue; // deleted in the working tree
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await copyFile(path.join(repoRoot, file), path.join(to, file));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function waitFor(child: ChildProcess, output: () => string, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = pattern.exec(output());
      if (m) {
        clearInterval(timer);
        resolve(m);
      }
    }, 200);
    const give = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`timed out waiting for ${pattern}; output:\n${output().slice(-4000)}`));
    }, ms);
    child.on('exit', (code) => {
      clearInterval(timer);
      clearTimeout(give);
      const m = pattern.exec(output());
      if (m) resolve(m);
      else reject(new Error(`the block exited (${code}) before ${pattern}; output:\n${output().slice(-4000)}`));
    });
  });
}

describe('README "Run it for real" (executed literally on a fresh copy)', function () {
  this.timeout(20 * 60_000);
  let work: string;
  let child: ChildProcess | undefined;
  let output = '';

  after(async () => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('installs, initializes, starts; the admin signs in with the printed password', async () => {
    const block = runItForRealBlock(await readFile(path.join(repoRoot, 'README.md'), 'utf8'));
    work = await mkdtemp(path.join(tmpdir(), 'readme-for-real-'));
    const checkout = path.join(work, 'checkout');
    await copyCheckout(checkout);
    await writeFile(path.join(work, 'block.sh'), block);
    const port = await freePort();
    const siteUrl = `http://127.0.0.1:${port}`;
    const root = path.join(work, 'instance');
    const env: NodeJS.ProcessEnv = { ...process.env, CRM_HOST_ROOT: root, PORT: String(port), CRM_SITE_URL: siteUrl };
    delete env.DATABASE_URL;
    delete env.NODE_ENV;
    child = spawn('bash', ['-e', path.join(work, 'block.sh')], {
      cwd: checkout,
      env,
      detached: true, // its own process group: npm, node and the server are stopped together
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));

    await waitFor(child, () => output, /crm-host listening on (http:\/\/\S+)/, 18 * 60_000);
    const password = /Admin password \(shown once\): (\S+)/.exec(output)?.[1];
    expect(password, output).to.be.a('string');
    for (const uri of [
      `${siteUrl}/oauth-callback`,
      `${siteUrl}/oauth-callback.php`,
      `${siteUrl}/oidc/logged-out`,
      `${siteUrl}/api/v1/backchannelLogout`,
    ])
      expect(output).to.contain(uri);
    expect(output).to.contain(`site URL: ${siteUrl} (env CRM_SITE_URL)`);

    const page = await fetch(`${siteUrl}/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('/static/login.js');
    const loginData = (await (await fetch(`${siteUrl}/api/v1/App/loginData`)).json()) as { method: string };
    expect(loginData.method).to.equal('Password');

    const wrong = await fetch(`${siteUrl}/api/v1/App/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin', password: `${password}x` }),
    });
    expect(wrong.status).to.equal(401);
    const login = await fetch(`${siteUrl}/api/v1/App/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'admin', password }),
    });
    expect(login.status, await login.clone().text()).to.equal(200);
    const body = (await login.json()) as { csrfToken?: string; user?: { type?: string } };
    expect(body.csrfToken).to.be.a('string');

    if (existsSync(CHROMIUM)) {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      try {
        const tab = await browser.newPage();
        await tab.goto(`${siteUrl}/`);
        await tab.locator('#setup-hint summary').click();
        expect(await tab.locator('#setup-hint p').innerText()).to.contain('crm-host init');
      } finally {
        await browser.close();
      }
    }

    // The whole group gets it: bash ends at once, crm-host (its child) stops on its own a moment later, so
    // wait for crm-host's own words rather than for bash's exit.
    process.kill(-child.pid!, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (!output.includes('SIGTERM: stopping') && Date.now() < deadline) await sleep(100);
    expect(output).to.contain('SIGTERM: stopping');
  });
});
