import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { newInstanceRoot, repoRoot } from '../extensions/support/test-instance.js';
import { CLI, runCrmHost } from './run-cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `crm-host start` without --demo: env PORT, config siteUrl before the listening address, SIGTERM. */
describe('crm-host start for production (no --demo)', function () {
  this.timeout(120000);
  let root: string;
  before(async () => {
    root = await newInstanceRoot('start-prod');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('listens on env PORT and uses config siteUrl (not the listening address) as the public URL', async () => {
    const site = 'https://crm.example.com';
    expect((await runCrmHost(['config', 'set', 'siteUrl', site, '--root', root])).code).to.equal(0);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    delete env.DATABASE_URL;
    delete env.CRM_HOST_ROOT;
    delete env.CRM_SITE_URL;
    const child = spawn(process.execPath, [CLI, 'start', '--root', root], { cwd: repoRoot, env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes('site URL:')) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
        child.on('exit', () => reject(new Error(`start exited: ${out}`)));
      });
      expect(out).to.contain(`crm-host listening on http://127.0.0.1:${port}`);
      expect(out).to.contain(`site URL: ${site} (config siteUrl)`);
      const data = await fetch(`http://127.0.0.1:${port}/api/v1/App/loginData`);
      expect(data.status).to.equal(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)));
    }
    expect(child.exitCode).to.equal(0);
    expect(out).to.contain('SIGTERM: stopping');
  });

  it('a bad env PORT is a usage error (exit 2)', async () => {
    const run = await runCrmHost(['start', '--root', root], { env: { PORT: 'eighty' } });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('env PORT must be an integer');
  });
});
