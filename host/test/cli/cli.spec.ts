import { expect } from 'chai';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUILTIN_COMMANDS } from '../../src/cli/main.js';
import { fixtureDir, newInstanceRoot } from '../extensions/support/test-instance.js';
import { runCrmHost, type CliRun } from './run-cli.js';

function expectUsageError(run: CliRun, contains: string): void {
  expect(run.code, run.stderr).to.equal(2);
  expect(run.stdout).to.equal('');
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^crm-host: /);
  expect(lines[0]).to.contain(contains);
}

async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => [])) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && e.name !== 'node_modules') await walk(name);
      else if (name !== 'node_modules') out.push(`${name}:${(await stat(path.join(dir, name))).size}`);
    }
  };
  await walk('');
  return out.sort();
}

describe('crm-host CLI (child process)', function () {
  this.timeout(150_000); // one child process per command for --help; slow on a loaded machine
  let root: string;
  before(async () => {
    root = await newInstanceRoot('cli');
  });
  after(() => rm(root, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCrmHost([...args, '--root', root]);

  it('--help lists every command; each command has its own --help', async () => {
    const top = await runCrmHost(['--help']);
    expect(top.code).to.equal(0);
    for (const command of BUILTIN_COMMANDS) {
      expect(top.stdout).to.contain(command.path.join(' '));
      const help = await runCrmHost([...command.path, '--help']);
      expect(help.code, command.path.join(' ')).to.equal(0);
      expect(help.stdout).to.contain(`Usage: crm-host ${command.path.join(' ')}`);
      expect(help.stdout).to.contain('--root DIR');
    }
  });

  it('a built-in group with --help lists its commands (exit 0)', async () => {
    const help = await runCrmHost(['portal', '--help']);
    expect(help.code).to.equal(0);
    for (const name of ['list', 'create', 'update', 'delete', 'add-user'])
      expect(help.stdout).to.contain(`crm-host portal ${name}`);
  });

  describe('bad arguments: one line on stderr, exit 2, nothing created', () => {
    const fresh = () => path.join(root, 'never-created');
    const cases: Array<[string[], string]> = [
      [[], 'missing command'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['--verbose'], 'unknown option "--verbose"'],
      [['extension', 'frob'], 'unknown command "extension frob"'],
      [['extension'], 'missing command after "extension"'],
      [['oidc', 'test-login'], 'no extension is installed in'],
      [['extension', 'install'], 'missing <package>'],
      [['extension', 'install', 'a.zip', 'b.zip'], 'unexpected argument "b.zip"'],
      [['extension', 'install', '--force', 'a.zip'], "Unknown option '--force'"],
      [['extension', 'uninstall'], 'missing <name>'],
      [['start', '--port', 'abc'], '--port must be an integer'],
      [['start', '--port', '70000'], '--port must be an integer'],
      [['start', '--host', 'a b'], '--host must be'],
      [['start', '--trust-proxy', 'proxy.example.com'], '--trust-proxy: "proxy.example.com" is not an IP address'],
      [['start', '--log-level', 'verbose'], '--log-level must be debug, info, warn or error, not "verbose"'],
      [['user', 'create'], '--username is required'],
      [['user', 'create', '--username', 'a b'], 'without spaces'],
      [['user', 'create', '--username', 'ann', '--password', 'longenough', '--password-stdin'], 'use only one of'],
      [['user', 'create', '--username', 'ann', '--password', 'short'], 'at least 8 characters'],
      [['user', 'create', '--username', 'ann', '--email', 'not-an-email'], 'not an e-mail address'],
      [['config', 'set'], 'missing <key>'],
      [['config', 'set', 'bad key!', '1'], 'invalid config key'],
      [['config', 'get', 'a', 'b'], 'unexpected argument "b"'],
    ];
    for (const [args, message] of cases) {
      it(`crm-host ${args.join(' ') || '(nothing)'}`, async () => {
        const run = await runCrmHost([...args, '--root', fresh()]);
        expectUsageError(run, message);
        expect(await stat(fresh()).catch(() => null)).to.equal(null);
      });
    }
  });

  it('config set validates like the settings API (schema, options), refuses and changes nothing', async () => {
    const ok = await cli('config', 'set', 'authTokenMaxIdleTime', '2 hours');
    expect(ok.code, ok.stderr).to.equal(0);
    const before = await listTree(root);
    expectUsageError(await cli('config', 'set', 'noSuchSetting', '1'), 'unknown config key "noSuchSetting"');
    expectUsageError(await cli('config', 'set', 'authTokenMaxIdleTime', 'soon'), 'must be a duration');
    expectUsageError(await cli('config', 'set', 'siteUrl', 'not a url'), 'must be an absolute http(s) URL');
    // Oidc is not an option while oidc-auth is not installed (enum options come from metadata).
    expectUsageError(await cli('config', 'set', 'authenticationMethod', 'Oidc'), 'must be one of: Password');
    const get = await cli('config', 'get', 'authTokenMaxIdleTime');
    expect(get.stdout.trim()).to.equal('"2 hours"');
    const withoutDb = (files: string[]) => files.filter((f) => !f.startsWith('data/crm.db'));
    expect(withoutDb(await listTree(root))).to.deep.equal(withoutDb(before));
  });

  it('config set takes JSON, and plain text for string settings', async () => {
    expect((await cli('config', 'set', 'applicationName', 'My CRM')).code).to.equal(0);
    expect((await cli('config', 'get', 'applicationName')).stdout.trim()).to.equal('"My CRM"');
    expect((await cli('config', 'set', 'applicationName', '2024')).code).to.equal(0);
    expect((await cli('config', 'get', 'applicationName')).stdout.trim()).to.equal('"2024"');
  });

  it('user create: random password printed once, --password-stdin, duplicate refused (exit 1)', async () => {
    const created = await cli(
      'user',
      'create',
      '--username',
      'alice',
      '--admin',
      '--name',
      'Alice A',
      '--email',
      'alice@example.com',
    );
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.match(/Password \(shown once\): [A-Za-z0-9_-]{20}/);
    const piped = await runCrmHost(['user', 'create', '--username', 'bob', '--password-stdin', '--root', root], {
      input: 'correct horse battery\n',
    });
    expect(piped.code, piped.stderr).to.equal(0);
    expect(piped.stdout).to.not.contain('correct horse');
    const dup = await cli('user', 'create', '--username', 'alice', '--password', 'another-password');
    expect(dup.code).to.equal(1);
    expect(dup.stderr.trim()).to.equal('crm-host: a user named "alice" already exists');
    expectUsageError(
      await runCrmHost(['user', 'create', '--username', 'carl', '--password-stdin', '--root', root], {
        input: 'short\n',
      }),
      'at least 8 characters',
    );
  });

  it('migrate reports an up-to-date database', async () => {
    const run = await cli('migrate');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.trim()).to.equal('Database is up to date.');
  });

  it('extension install prints the steps; a failed install exits 1 with one line', async () => {
    const missing = await cli('extension', 'install', path.join(root, 'nothing.zip'));
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/^crm-host: No such file or folder: .*nothing\.zip\n$/);
    const run = await cli('extension', 'install', fixtureDir('cli-command'));
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^\[1\] Reading package /);
    expect(run.stdout).to.contain('[13] Rebuilding the metadata and i18n cache');
    expect(run.stdout).to.contain('cli-demo 1.0.0 installed');
  });

  it('runs a command contributed by an extension (TYPES.CliCommand); its HostError means exit 2', async () => {
    const hello = await cli('demo', 'hello', '--name', 'Ada');
    expect(hello.code, hello.stderr).to.equal(0);
    expect(hello.stdout.trim()).to.equal('hello Ada');
    const help = await cli('demo', '--help');
    expect(help.stdout).to.contain('crm-host demo hello  Say hello');
    expectUsageError(await cli('demo', 'hello', '--shout'), "Unknown option '--shout'");
    expectUsageError(await cli('demo', 'bye'), 'unknown command "demo bye"');
    // extension-command-root-equals-ignored: --root=DIR (and before the command) names the instance too
    const equals = await runCrmHost(['demo', 'hello', '--name', 'Bo', `--root=${root}`]);
    expect(equals.code, equals.stderr).to.equal(0);
    expect(equals.stdout.trim()).to.equal('hello Bo');
    const hoisted = await runCrmHost([`--root=${root}`, 'demo', 'hello', '--name', 'Cy']);
    expect(hoisted.code, hoisted.stderr).to.equal(0);
    expect(hoisted.stdout.trim()).to.equal('hello Cy');
    const groupHelp = await runCrmHost(['demo', '--root', root]);
    expect(groupHelp.stdout).to.contain('crm-host demo hello');
  });

  it('extension list shows it; uninstall removes it', async () => {
    const list = await cli('extension', 'list', '--json');
    const [entry] = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(entry).to.include({ name: 'cli-demo', version: '1.0.0', order: 50, folderPresent: true, recorded: true });
    expect(entry!.description).to.equal('Fixture: adds the command `crm-host demo hello`');
    expect((await cli('extension', 'list')).stdout).to.match(/^cli-demo\s+1\.0\.0\s+50\s+\d{4}-\d\d-\d\d /m);
    const removed = await cli('extension', 'uninstall', 'cli-demo');
    expect(removed.code, removed.stderr).to.equal(0);
    expect((await cli('extension', 'list')).stdout.trim()).to.equal('No extensions installed.');
  });
  it('portal create|list|update|add-user|delete; bad arguments exit 2, a taken URL id exits 1', async () => {
    const created = await cli('portal', 'create', '--name', 'Customers', '--url-id', 'customers');
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.contain('Created portal "customers"').and.contain('/portal/customers/');
    expectUsageError(await cli('portal', 'create', '--name', 'X', '--url-id', 'Not A Slug'), '--url-id');
    expectUsageError(await cli('portal', 'create', '--url-id', 'x'), '--name is required');
    expectUsageError(await cli('portal', 'update', 'customers'), 'nothing to change');
    const taken = await cli('portal', 'create', '--name', 'Again', '--url-id', 'customers');
    expect(taken.code).to.equal(1);
    expect(taken.stderr).to.contain('Another portal has this URL id');
    expect((await cli('portal', 'update', 'customers', '--inactive', '--provider', 'p-1')).code).to.equal(0);
    const user = await cli('user', 'create', '--username', 'pat', '--portal', '--no-password');
    expect(user.code, user.stderr).to.equal(0);
    expect(user.stdout).to.contain('Created portal user "pat"');
    const regular = await cli('user', 'create', '--username', 'reggie', '--no-password');
    expect((await cli('portal', 'add-user', 'customers', 'pat')).code).to.equal(0);
    expect(regular.code).to.equal(0);
    const refused = await cli('portal', 'add-user', 'customers', 'reggie');
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('portal');
    const list = await cli('portal', 'list', '--json');
    expect(JSON.parse(list.stdout)[0]).to.include({
      urlId: 'customers',
      isActive: false,
      authenticationProviderId: 'p-1',
      userCount: 1,
    });
    const table = await cli('portal', 'list');
    expect(table.stdout.split('\n')[0]).to.match(/^URL ID\s+ACTIVE\s+USERS\s+PROVIDER\s+NAME$/);
    expect((await cli('portal', 'delete', 'customers')).code).to.equal(0);
    expect((await cli('portal', 'list')).stdout.trim()).to.equal('No portals.');
    expect((await cli('portal', 'delete', 'customers')).code).to.equal(1);
  });
});
