import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { newInstanceRoot } from '../extensions/support/test-instance.js';
import { runCrmHost, type CliRun } from './run-cli.js';

function expectExit(run: CliRun, code: number, contains: string): void {
  expect(run.code, run.stderr).to.equal(code);
  expect(run.stdout).to.equal('');
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^crm-host: /);
  expect(lines[0]).to.contain(contains);
}

describe('crm-host team and user administration (child process)', function () {
  this.timeout(300_000);
  let root: string;
  before(async () => {
    root = await newInstanceRoot('cli-teams');
  });
  after(() => rm(root, { recursive: true, force: true }));
  const cli = (...args: string[]) => runCrmHost([...args, '--root', root]);
  const ok = async (...args: string[]): Promise<string> => {
    const run = await cli(...args);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).to.equal(0);
    return run.stdout;
  };

  it('team create|list|rename|delete: unique names, --yes required when the team has members (exit 2 with the count)', async () => {
    expect((await ok('team', 'list')).trim()).to.equal('No teams.');
    expect(await ok('team', 'create', '  Sales  ')).to.match(/^Created team "Sales" \([0-9a-f-]{36}\)\.\n$/);
    await ok('team', 'create', 'Support');
    expectExit(await cli('team', 'create', 'SALES'), 1, '"SALES" is taken by "Sales"');
    expectExit(await cli('team', 'create', '   '), 2, 'give a team name');
    expectExit(await cli('team', 'create', 'x'.repeat(256)), 2, 'at most 255 characters');
    expectExit(await cli('team', 'rename', 'Nope', 'X'), 1, 'No team "Nope"');
    expectExit(await cli('team', 'rename', 'Sales', 'support'), 1, 'taken by "Support"');

    const [sales] = JSON.parse(await ok('team', 'list', '--json')) as Array<{ id: string; name: string }>;
    expect(sales!.name).to.equal('Sales');
    expect(await ok('team', 'rename', 'sales', 'Sales EMEA')).to.equal(
      `Renamed team "Sales" to "Sales EMEA" (${sales!.id}).\n`,
    );
    await ok('user', 'create', '--username', 'alice', '--no-password');
    await ok('user', 'create', '--username', 'bob', '--no-password');
    expect(await ok('user', 'team-add', 'alice', sales!.id)).to.equal('Added "alice" to team "Sales EMEA" (manual).\n');
    await ok('user', 'team-add', 'bob', 'Sales EMEA');
    expectExit(await cli('user', 'team-add', 'bob', 'Sales EMEA'), 1, 'already in team "Sales EMEA" (source: manual)');
    expectExit(await cli('user', 'team-add', 'bob', 'Marketing'), 1, 'No team "Marketing"');

    const table = (await ok('team', 'list')).split('\n');
    expect(table[0]).to.match(/^ID\s+MEMBERS\s+NAME$/);
    expect(table[1]).to.match(new RegExp(`^${sales!.id}\\s+2\\s+Sales EMEA$`));

    expectExit(
      await cli('team', 'delete', 'Sales EMEA'),
      2,
      'team "Sales EMEA" has 2 memberships; deleting it removes them: run again with --yes',
    );
    expect(JSON.parse(await ok('team', 'list', '--json'))).to.have.length(2);
    expect(await ok('team', 'delete', 'Sales EMEA', '--yes')).to.equal(
      'Deleted team "Sales EMEA" (2 memberships removed).\n',
    );
    expect(await ok('team', 'delete', 'Support')).to.equal('Deleted team "Support" (0 memberships removed).\n');
    expect((await ok('team', 'list')).trim()).to.equal('No teams.');
    const alice = JSON.parse(await ok('user', 'show', 'alice', '--json')) as { teams: unknown[] };
    expect(alice.teams).to.deep.equal([]);
  });

  it('user list|show|deactivate|activate|team-add|team-remove; never the last active admin', async () => {
    await ok('user', 'create', '--username', 'root', '--admin', '--password', 'root-pass-123');
    await ok('team', 'create', 'Ops');
    await ok('user', 'team-add', 'alice', 'Ops');
    const table = (await ok('user', 'list')).split('\n').filter(Boolean);
    expect(table[0]).to.match(/^USER NAME\s+TYPE\s+ACTIVE\s+LINKS\s+TEAMS \(SOURCE\)$/);
    expect(table.find((l) => l.startsWith('alice'))).to.match(/^alice\s+regular\s+yes\s+0\s+Ops \(manual\)$/);
    expect(table.find((l) => l.startsWith('root'))).to.match(/^root\s+admin\s+yes\s+0\s+-$/);
    expect((await ok('user', 'list', '--search', 'ROO')).split('\n').filter(Boolean)).to.have.length(2);
    const show = await ok('user', 'show', 'alice');
    expect(show).to.contain('  teams:   Ops (manual)').and.contain('  identity links: none');

    expectExit(await cli('user', 'deactivate', 'root'), 1, '"root" is the last active administrator');
    expect(await ok('user', 'deactivate', 'alice')).to.equal('Deactivated "alice" (0 sessions ended).\n');
    expect((await ok('user', 'list', '--search', 'alice')).split('\n')[1]).to.match(/^alice\s+regular\s+no\s/);
    expect(await ok('user', 'activate', 'alice')).to.equal('Activated "alice".\n');
    expect(await ok('user', 'team-remove', 'alice', 'ops')).to.equal('Removed "alice" from team "Ops" (was manual).\n');
    expectExit(await cli('user', 'team-remove', 'alice', 'Ops'), 1, '"alice" is not in team "Ops"');
    expectExit(await cli('user', 'unlink', 'alice', 'no-such-link'), 1, '"alice" has no identity link "no-such-link"');
    expectExit(await cli('user', 'deactivate', 'ghost'), 1, 'No user "ghost"');
    expectExit(await cli('user', 'unlink', 'alice'), 2, '');
  });
});
