import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bootHost } from '../../src/app/boot.js';
import { ExtensionRecords } from '../../src/extensions/records.js';
import { CLI, runCrmHost } from '../cli/run-cli.js';
import { newInstanceRoot, repoRoot } from './support/test-instance.js';

/**
 * Regression (issue 12): "Extension install is not crash-safe: an error thrown outside an `await` in a
 * lifecycle script, or Ctrl-C during `beforeInstall`, leaves new files with the old record, the script's
 * tables and migration rows, backups and the lock file." A real `crm-host extension install` child process
 * upgrades crash-ext 1.0.0 to 2.0.0 and is stopped at each step; the next command must leave the instance
 * exactly as it was with 1.0.0.
 */

/** Where a script of crash-ext waits (env CRASH_AT) after writing env CRASH_MARKER. */
const BLOCK = `
import { writeFileSync } from 'node:fs';
export async function blockIf(point) {
  if (process.env.CRASH_AT !== point) return;
  writeFileSync(process.env.CRASH_MARKER, point);
  setInterval(() => {}, 1000);
  await new Promise(() => {});
}
`;

function entry(version: string, table: string): string {
  return `import { ContainerModule } from 'inversify';
import { blockIf } from './block.js';
await blockIf('load-entry-${version}');
export default {
  name: 'crash-ext',
  module: new ContainerModule(() => {}),
  migrations: [{
    name: '${version === '1.0.0' ? '001' : '002'}_${table}',
    async up({ knex }) {
      await knex.schema.createTable('${table}', (t) => { t.string('id', 36).primary(); });
      await blockIf('migrate-${version}');
    },
    async down({ knex }) { await knex.schema.dropTableIfExists('${table}'); },
  }${
    version === '1.0.0'
      ? ''
      : `, {
    name: '001_crash_items_v1',
    async up({ knex }) { await knex.schema.createTable('crash_items_v1', (t) => { t.string('id', 36).primary(); }); },
    async down({ knex }) { await knex.schema.dropTableIfExists('crash_items_v1'); },
  }`
  }],
};
`;
}

function script(name: string, version: string): string {
  return `import { blockIf } from '../src/block.js';
export default async function ${name}() {
  if (process.env.CRASH_AT === 'timer-throw-${name}-${version}') {
    setTimeout(() => { throw new Error('thrown in a timer of ${name}'); }, 10);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (process.env.CRASH_AT === 'reject-${name}-${version}') {
    void Promise.reject(new Error('rejected without a handler in ${name}'));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await blockIf('${name}-${version}');
}
`;
}

async function writeCrashExt(dir: string, version: string): Promise<void> {
  const table = version === '1.0.0' ? 'crash_items_v1' : 'crash_items_v2';
  const files: Record<string, string> = {
    'extension.json': JSON.stringify({
      name: 'crash-ext',
      version,
      acceptableVersions: ['>=0.1.0 <1.0.0'],
      order: 70,
      entry: 'src/index.js',
      scripts: {
        beforeInstall: 'scripts/before-install.js',
        afterInstall: 'scripts/after-install.js',
        beforeUninstall: 'scripts/before-uninstall.js',
      },
    }),
    'src/index.js': entry(version, table),
    'src/block.js': BLOCK,
    'scripts/before-install.js': script('beforeInstall', version),
    'scripts/after-install.js': script('afterInstall', version),
    'scripts/before-uninstall.js': script('beforeUninstall', version),
    [`metadata/app/crash${version.replace(/\./g, '')}.json`]: JSON.stringify({ version }),
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
}

async function hashTree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) Object.assign(out, await hashTree(path.join(dir, e.name), `${rel}/`));
    else
      out[rel] = createHash('sha256')
        .update(await readFile(path.join(dir, e.name)))
        .digest('hex');
  }
  return out;
}

/** Everything an install may touch: files, the Extension record, tables, migration rows, manager leftovers. */
async function snapshot(root: string) {
  const data = path.join(root, 'data');
  const leftovers = (await readdir(data)).filter((n) => /lock|journal/.test(n));
  for (const dir of ['extension-backups', 'tmp/extensions']) {
    const inside = await readdir(path.join(data, dir)).catch(() => []);
    if (inside.length > 0) leftovers.push(...inside.map((n) => `${dir}/${n}`));
  }
  const files = {
    extensions: await hashTree(path.join(root, 'extensions')),
    custom: await hashTree(path.join(root, 'custom')),
  };
  // Read with loadExtensions off: this boot must not change anything (no recovery, no extension migrations).
  const host = await bootHost({ root, loadExtensions: false, logLevel: 'error' });
  try {
    const knex = host.persistence.knex();
    const tables = (
      (await knex.raw("select name from sqlite_master where type = 'table' order by name")) as {
        name: string;
      }[]
    ).map((r) => r.name);
    const migrations = (await knex('migrations').select('owner', 'name').orderBy(['owner', 'name'])) as unknown[];
    const records = await new ExtensionRecords(host.persistence).all();
    return { leftovers: leftovers.sort(), files, tables, migrations, records };
  } finally {
    await host.close();
  }
}

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `crm-host extension install <pkg>`, sends `signal` once the marker file appears (if `at` blocks). */
function installUntil(root: string, pkg: string, at: string, signal: NodeJS.Signals | null): Promise<Stopped> {
  const marker = path.join(root, 'crash-marker');
  const env: NodeJS.ProcessEnv = { ...process.env, CRASH_AT: at, CRASH_MARKER: marker };
  delete env.DATABASE_URL;
  delete env.CRM_HOST_ROOT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'extension', 'install', pkg, '--root', root], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = signal
      ? setInterval(() => {
          stat(marker).then(
            () => {
              clearInterval(timer);
              child.kill(signal);
            },
            () => undefined,
          );
        }, 50)
      : undefined;
    child.on('error', reject);
    // 'close' comes after the process is reaped: its pid no longer counts as alive for the lock check.
    child.on('close', (code, sig) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal: sig, stdout, stderr });
    });
  });
}

describe('extension-install-not-crash-safe (issue 12: interrupted installs roll back)', function () {
  this.timeout(240000);
  let base: string;
  let v2: string;
  let initial: Awaited<ReturnType<typeof snapshot>>;
  const roots: string[] = [];

  before(async () => {
    base = await newInstanceRoot('crash-base');
    await writeCrashExt(path.join(base, 'pkg-v1'), '1.0.0');
    v2 = path.join(base, 'pkg-v2');
    await writeCrashExt(v2, '2.0.0');
    const installed = await runCrmHost(['extension', 'install', path.join(base, 'pkg-v1'), '--root', base]);
    expect(installed.code, installed.stderr).to.equal(0);
    initial = await snapshot(base);
    expect(initial.tables).to.include('crash_items_v1').and.not.include('crash_items_v2');
    expect(initial.leftovers).to.deep.equal([]);
  });
  after(async () => {
    for (const root of [base, ...roots]) await rm(root, { recursive: true, force: true });
  });

  async function copyOfBase(label: string): Promise<string> {
    const root = await newInstanceRoot(label);
    roots.push(root);
    for (const name of ['data', 'extensions', 'custom'])
      await cp(path.join(base, name), path.join(root, name), { recursive: true });
    return root;
  }

  // Each point is after the one before it: the journal is written before beforeUninstall of 1.0.0 runs.
  const points: Array<[string, string]> = [
    ['after the journal, before the backup (old beforeUninstall)', 'beforeUninstall-1.0.0'],
    ['after the file copy (loading the new entry)', 'load-entry-2.0.0'],
    ['during a migration', 'migrate-2.0.0'],
    ['after the migrations, during beforeInstall', 'beforeInstall-2.0.0'],
    ['during afterInstall', 'afterInstall-2.0.0'],
  ];
  for (const [label, at] of points) {
    it(`SIGKILL ${label}: the next command restores 1.0.0 exactly`, async () => {
      const root = await copyOfBase('crash-kill');
      const killed = await installUntil(root, v2, at, 'SIGKILL');
      expect(killed.signal, killed.stdout + killed.stderr).to.equal('SIGKILL');
      await rm(path.join(root, 'crash-marker'));
      // The process is gone: its journal and lock file are still there.
      expect(await readdir(path.join(root, 'data'))).to.include('extension-install.journal.json');
      const next = await runCrmHost(['extension', 'list', '--root', root]);
      expect(next.code, next.stderr).to.equal(0);
      expect(next.stdout + next.stderr).to.contain('Rolled back the interrupted install of crash-ext 2.0.0');
      expect(next.stdout + next.stderr).to.contain(
        'Took over the extension manager lock of a process that no longer runs',
      );
      expect(next.stdout).to.match(/crash-ext\s+1\.0\.0/);
      expect(await snapshot(root)).to.deep.equal(initial);
    });
  }

  it('SIGINT during beforeInstall rolls back before the process exits (exit 130)', async () => {
    const root = await copyOfBase('crash-sigint');
    const stopped = await installUntil(root, v2, 'beforeInstall-2.0.0', 'SIGINT');
    expect(stopped.code, stopped.stderr).to.equal(130);
    expect(stopped.stderr).to.contain('was stopped at step "beforeInstall" (interrupted by SIGINT)');
    expect(stopped.stderr).to.contain('Everything was rolled back.');
    await rm(path.join(root, 'crash-marker'));
    expect(await snapshot(root)).to.deep.equal(initial);
  });

  it('an error thrown in a setTimeout of beforeInstall is contained: rolled back, exit 1', async () => {
    const root = await copyOfBase('crash-timer');
    const run = await installUntil(root, v2, 'timer-throw-beforeInstall-2.0.0', null);
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    expect(run.stderr).to.contain('uncaught error: thrown in a timer of beforeInstall');
    expect(run.stderr).to.contain('Everything was rolled back.');
    expect(await snapshot(root)).to.deep.equal(initial);
  });

  it('a promise rejection nobody handles in afterInstall is contained: rolled back, exit 1', async () => {
    const root = await copyOfBase('crash-reject');
    const run = await installUntil(root, v2, 'reject-afterInstall-2.0.0', null);
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    expect(run.stderr).to.contain('unhandled promise rejection: rejected without a handler in afterInstall');
    expect(run.stderr).to.contain('Everything was rolled back.');
    expect(await snapshot(root)).to.deep.equal(initial);
  });

  it('SIGTERM during afterInstall rolls back before the process exits (exit 143)', async () => {
    const root = await copyOfBase('crash-sigterm');
    const stopped = await installUntil(root, v2, 'afterInstall-2.0.0', 'SIGTERM');
    expect(stopped.code, stopped.stderr).to.equal(143);
    expect(stopped.stderr).to.contain('(interrupted by SIGTERM)');
    await rm(path.join(root, 'crash-marker'));
    expect(await snapshot(root)).to.deep.equal(initial);
  });

  it('a fresh install killed during beforeInstall leaves no folder, record, table or migration row', async () => {
    const root = await newInstanceRoot('crash-fresh');
    roots.push(root);
    expect((await runCrmHost(['migrate', '--root', root])).code).to.equal(0);
    const empty = await snapshot(root);
    const killed = await installUntil(root, v2, 'beforeInstall-2.0.0', 'SIGKILL');
    expect(killed.signal).to.equal('SIGKILL');
    await rm(path.join(root, 'crash-marker'));
    const next = await runCrmHost(['extension', 'list', '--root', root]);
    expect(next.code, next.stderr).to.equal(0);
    expect(await snapshot(root)).to.deep.equal(empty);
  });
});
