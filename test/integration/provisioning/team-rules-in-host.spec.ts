import { expect } from 'chai';
import { Team, TeamMembership, User, type ConfigValue } from 'crm-host/sdk';
import { forEachDatabase, type TestHost } from 'crm-host/testing';
import { describeWarning } from '../../../src/provisioning/errors.js';
import type { ProvisioningService } from '../../../src/provisioning/provisioning-service.js';
import type { ProvisioningSettings } from '../../../src/provisioning/types.js';
import { provisioningSettings } from './support/settings.js';
import { bootProvisioningHost, clearTables } from './support/provisioning-host.js';

const ISSUER = 'https://idp.example.com';

/**
 * Issue 11 item 1 (extension side): rules keep their team across renames (team id stored with the rule),
 * a missing team is named in the warning, and `oidcCreateMissingTeams` creates teams from the IdP's groups
 * within its caps, safely when two logins create the same team at once.
 */
forEachDatabase('provisioning/team rules in the host: ids, named warnings, team creation', (db) => {
  let host: TestHost;
  let service: ProvisioningService;

  before(async function () {
    this.timeout(60_000);
    ({ host, service } = await bootProvisioningHost(db));
  });
  after(async () => host?.cleanup());

  beforeEach(() => clearTables(host));

  const createTeam = (name: string) =>
    host.persistence.transactional(async (em) => {
      const team = Object.assign(new Team(), { name });
      em.persist(team);
      return team.id;
    });
  const teamNames = async () => (await host.persistence.em().find(Team, {})).map((t) => t.name).sort();
  async function teamsOf(userId: string | null): Promise<string[]> {
    const rows = await host.persistence.em().find(TeamMembership, { user: userId! }, { populate: ['team'] });
    return rows.map((m) => (m.team as Team).name).sort();
  }
  const provision = (sub: string, groups: string[], settings: Partial<ProvisioningSettings>, dryRun = false) =>
    service.provision({
      claims: { sub, preferred_username: sub, groups },
      issuer: ISSUER,
      settings: provisioningSettings({ syncTeams: true, ...settings }),
      dryRun,
    });

  it('an exact rule with a team id keeps mapping after the team is renamed, under the current name', async () => {
    const id = await createTeam('Sales');
    const teams = [{ group: 'sales', team: 'Sales', teamId: id }];
    const before = await provision('ann', ['sales'], { teams });
    expect(before.teamsAdded).to.deep.equal(['Sales']);
    await host.persistence.knex()('teams').where({ id }).update({ name: 'Revenue' });
    const after = await provision('bob', ['sales'], { teams });
    expect(after.teamsAdded).to.deep.equal(['Revenue']);
    expect(after.warnings.map((w) => w.code)).to.not.include('WARN_OIDC_TEAM_UNKNOWN');
    expect(await teamsOf(after.userId)).to.deep.equal(['Revenue']);
    // The returning user is not removed from the renamed team by sync.
    const again = await provision('ann', ['sales'], { teams });
    expect(again.teamsRemoved).to.deep.equal([]);
    expect(await teamsOf(again.userId)).to.deep.equal(['Revenue']);
  });

  it('saving rules (settings API, CLI) stores the id of each named team that exists, and its current name', async () => {
    const salesId = await createTeam('Sales');
    const settings = host.container.get<{
      save(patch: Record<string, ConfigValue>, actor: User): Promise<unknown>;
    }>(Symbol.for('crm-host.internal.SettingsService'));
    const admin = Object.assign(new User(), { userName: 'admin', type: 'admin' as const });
    await settings.save(
      {
        oidcTeams: [
          { group: 'sales', team: 'Sales' },
          { group: 'eng', team: 'Engineering' },
          { group: '^crm-(.+)$', team: '$1', pattern: true },
        ],
      },
      admin,
    );
    expect(host.config.get('oidcTeams')).to.deep.equal([
      { group: 'sales', team: 'Sales', teamId: salesId },
      { group: 'eng', team: 'Engineering' },
      { group: '^crm-(.+)$', team: '$1', pattern: true },
    ]);
    // Renamed meanwhile: saving the form's old text keeps the id and stores the current name.
    await host.persistence.knex()('teams').where({ id: salesId }).update({ name: 'Revenue' });
    await settings.save({ oidcTeams: [{ group: 'sales', team: 'Sales', teamId: salesId }] }, admin);
    expect(host.config.get('oidcTeams')).to.deep.equal([{ group: 'sales', team: 'Revenue', teamId: salesId }]);
    await settings.save({ oidcTeams: [] }, admin);
  });

  it('a rule saved without an id (older settings) still finds its team by name', async () => {
    await createTeam('Sales');
    const outcome = await provision('cy', ['sales'], { teams: [{ group: 'sales', team: 'Sales' }] });
    expect(await teamsOf(outcome.userId)).to.deep.equal(['Sales']);
  });

  it('a missing team is named in the warning with its rule and group (log and test-login text)', async () => {
    const outcome = await provision('dee', ['sales', 'eng'], {
      teams: [
        { group: 'sales', team: 'Sales' },
        { group: 'eng', team: 'Engineering' },
      ],
    });
    const unknown = outcome.warnings.filter((w) => w.code === 'WARN_OIDC_TEAM_UNKNOWN');
    expect(unknown.map((w) => w.detail)).to.deep.equal([
      { team: 'Engineering', rule: 2, group: 'eng' },
      { team: 'Sales', rule: 1, group: 'sales' },
    ]);
    expect(describeWarning(unknown[0]!)).to.include('team "Engineering"').and.include('rule 2');
    expect(
      describeWarning(unknown[0]!, 'The mapped team "{team}" does not exist in the CRM and was skipped (rule {rule}).'),
    ).to.equal('The mapped team "Engineering" does not exist in the CRM and was skipped (rule 2).');
    expect(await teamNames()).to.deep.equal([]);
  });

  it('oidcCreateMissingTeams off (default): nothing is created', async () => {
    await provision('eve', ['crm-Platform'], {});
    expect(await teamNames()).to.deep.equal([]);
  });

  it('oidcCreateMissingTeams on: exact and templated teams from the groups are created and joined; everyone rules never create', async () => {
    const outcome = await provision('fay', ['sales', 'crm-Platform'], {
      createMissingTeams: true,
      teams: [
        { group: 'sales', team: 'Sales' },
        { group: '^crm-(.+)$', team: '$1', pattern: true },
        { group: '', team: 'Everyone' },
      ],
    });
    expect(outcome.teamsCreated).to.deep.equal(['Platform', 'Sales']);
    expect(await teamNames()).to.deep.equal(['Platform', 'Sales']);
    expect(await teamsOf(outcome.userId)).to.deep.equal(['Platform', 'Sales']);
    expect(outcome.warnings.find((w) => w.code === 'WARN_OIDC_TEAM_UNKNOWN')?.detail).to.deep.equal({
      team: 'Everyone',
      rule: 3,
      group: '',
    });
  });

  it('a dry run (test login) reports the teams it would create and creates none', async () => {
    const outcome = await provision('gus', ['crm-Ops'], { createMissingTeams: true }, true);
    expect(outcome.teamsCreated).to.deep.equal(['Ops']);
    expect(await teamNames()).to.deep.equal([]);
  });

  it('creates at most oidcCreateMissingTeamsMax teams per login and names the rest', async () => {
    const outcome = await provision('hal', ['crm-A', 'crm-B', 'crm-C'], {
      createMissingTeams: true,
      createMissingTeamsMax: 2,
    });
    expect(outcome.teamsCreated).to.deep.equal(['A', 'B']);
    expect(await teamNames()).to.deep.equal(['A', 'B']);
    const capped = outcome.warnings.find((w) => w.code === 'WARN_OIDC_TEAMS_NOT_CREATED');
    expect(capped?.detail).to.include({ teams: 'C', perLogin: 2 });
  });

  it('two concurrent logins creating the same team end with one team and both members', async function () {
    this.timeout(30_000);
    const settings = { createMissingTeams: true };
    const [a, b] = await Promise.all([
      provision('ivy', ['crm-Shared'], settings),
      provision('jon', ['crm-Shared'], settings),
    ]);
    expect(await teamNames()).to.deep.equal(['Shared']);
    expect(await teamsOf(a.userId)).to.deep.equal(['Shared']);
    expect(await teamsOf(b.userId)).to.deep.equal(['Shared']);
  });
});
