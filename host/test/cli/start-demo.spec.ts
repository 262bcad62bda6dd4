import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { User } from '../../sdk/entities/User.js';
import type { Host } from '../../src/app/host.js';
import { runCli } from '../../src/cli/main.js';
import { defaultRuntime } from '../../src/cli/runtime.js';
import type { CliRuntime } from '../../src/cli/environment.js';
import { verifyPassword } from '../../src/sessions/password.js';
import { bootTestHost } from '../../src/testing/index.js';
import { newInstanceRoot } from '../extensions/support/test-instance.js';

describe('crm-host start --demo (server replaced by a stand-in)', function () {
  this.timeout(120000);
  let root: string;
  const started: Array<{ port: number; hostname: string; extensions: string[] }> = [];
  const runtime: CliRuntime = {
    ...defaultRuntime,
    bootHost: (options) => defaultRuntime.bootHost({ ...options, logSink: () => undefined }),
    async startHttpServer(host: Host, options) {
      started.push({ ...options, extensions: host.extensions.map((e) => e.manifest.name) });
      return { url: `http://${options.hostname}:${options.port}`, close: async () => undefined };
    },
    waitForShutdown: async () => 'test',
  };
  const start = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['start', '--demo', '--port', '18080', '--root', root, ...args],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { runtime, env: {} },
    );
    return { code, out, err };
  };

  before(async () => {
    root = await newInstanceRoot('demo');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('installs oidc-auth, creates an admin with a random password, starts, prints URL and credentials', async () => {
    const run = await start();
    expect(run.code, run.err.join('\n')).to.equal(0);
    expect(run.out).to.include('demo: oidc-auth is not installed; packaging it (if build/ is stale) and installing');
    expect(run.out).to.include('crm-host listening on http://127.0.0.1:18080');
    const credentials = run.out.find((l) => l.startsWith('admin login: admin / '));
    expect(credentials, run.out.join('\n')).to.match(/^admin login: admin \/ [A-Za-z0-9_-]{20} \(shown once\)$/);
    expect(started.at(-1)).to.deep.equal({
      port: 18080,
      hostname: '127.0.0.1',
      trustedProxies: [],
      extensions: ['oidc-auth'],
    });

    const password = credentials!.split(' ')[4]!;
    const host = await bootTestHost({ root, databaseUrl: undefined, loadExtensions: false });
    try {
      const admin = await host.persistence.em().findOneOrFail(User, { userName: 'admin' });
      expect(admin.type).to.equal('admin');
      expect(await verifyPassword(password, admin.passwordHash)).to.equal(true);
    } finally {
      await host.cleanup();
    }
  });

  it('a second start keeps the installed extension and the existing admin', async () => {
    const run = await start();
    expect(run.code, run.err.join('\n')).to.equal(0);
    expect(run.out.some((l) => l.startsWith('demo:'))).to.equal(false);
    expect(run.out).to.include('admin login: admin (existing password)');
  });
});
