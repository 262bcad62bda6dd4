import { expect } from 'chai';
import { User, type ConfigValue, type SettingsChange } from 'crm-host/sdk';
import { RuleTeamMapper } from '../../../src/provisioning/team-mapper.js';
import { DEFAULT_TEAM_MAPPING_LIMITS } from '../../../src/provisioning/team-rules.js';
import { OidcSettingsValidator } from '../../../src/settings/settings-validator.js';
import type { TeamMappingRule } from '../../../src/settings/types.js';
import { COMPLETE_OIDC_SETTINGS } from '../../support/oidc-settings.js';

/**
 * Issue 12, row "Team-mapping patterns run as backtracking regular expressions on the main thread against
 * IdP-supplied group names: `^(a+)+$` and a 30-character group froze the whole host for 5.5 s".
 */
const CATASTROPHIC: Array<{ source: string; construct: string; hostile: string }> = [
  { source: '^(a+)+$', construct: 'nested quantifier (a+)+', hostile: `${'a'.repeat(34)}!` },
  { source: '(a|aa)+$', construct: 'overlapping alternation (a|aa)+', hostile: `${'a'.repeat(40)}!` },
  { source: '(a|a)*b', construct: 'overlapping alternation (a|a)*', hostile: 'a'.repeat(34) },
  { source: '(.*a){12}', construct: 'nested quantifier (.*a){12}', hostile: `${'a'.repeat(11)}${'b'.repeat(240)}` },
  { source: '^(\\w+\\s?)*$', construct: 'nested quantifier (\\w+\\s?)*', hostile: `${'a'.repeat(34)}!` },
];

const siteUrl = { get: () => 'https://crm.example.com', resolve: (p: string) => `https://crm.example.com${p}` };
const complete: Record<string, ConfigValue> = { ...COMPLETE_OIDC_SETTINGS, oidcGroupClaim: 'groups' };
const change = (next: Record<string, ConfigValue>): SettingsChange => ({
  current: {},
  next,
  patch: next,
  actor: new User(),
});

describe('team-pattern-redos-freezes-host (issue 12: team patterns cannot take super-linear time)', function () {
  this.timeout(60_000);
  const validator = new OidcSettingsValidator(siteUrl);

  it('a saved catastrophic pattern (written straight into config) is skipped at login with a code, in well under 100 ms', async () => {
    const mapper = new RuleTeamMapper(DEFAULT_TEAM_MAPPING_LIMITS);
    for (const { source, hostile } of CATASTROPHIC) {
      const rules: TeamMappingRule[] = [
        { group: 'sales', team: 'Sales' },
        { group: source, team: 'Hostile', pattern: true },
      ];
      // As the provisioning service does before mapping: the analyser's verdict, once per process.
      await (mapper as { prepare?: (r: TeamMappingRule[]) => Promise<void> }).prepare?.(rules);
      {
        const started = performance.now();
        const result = mapper.map({
          claims: { groups: ['sales', hostile] },
          groupClaim: 'groups',
          rules,
          current: [],
          removeStale: false,
        });
        const elapsed = performance.now() - started;
        expect(elapsed, `${source} took ${elapsed.toFixed(1)} ms`).to.be.below(100);
        expect(result.mapped).to.deep.equal(['Sales']);
        const unsafe = result.warnings.find((w) => (w.code as string) === 'WARN_OIDC_RULE_UNSAFE');
        expect(unsafe, source).to.not.equal(undefined);
        expect(unsafe?.detail).to.include({ rule: 2, group: source });
      }
    }
  });
  for (const { source, construct } of CATASTROPHIC) {
    it(`refuses to save ${source}, naming the rule and the construct "${construct}"`, async () => {
      const rules: ConfigValue = [
        { group: 'sales', team: 'Sales' },
        { group: source, team: 'Hostile', pattern: true },
      ];
      const fields = await validator.validate(change({ ...complete, oidcTeams: rules }));
      expect(fields?.['oidcTeams']).to.be.a('string');
      expect(fields?.['oidcTeams']).to.include('rule 2').and.include(construct).and.include('ReDoS');
    });
  }

  it('saves the patterns people write (anchored prefixes, captures, named groups, DNs)', async () => {
    const rules: ConfigValue = [
      { group: '^crm-(.+)$', team: '$1', pattern: true },
      { group: '^(?<team>[a-z]+)-users$', team: '$<team>', pattern: true },
      { group: '^CN=([^,]+),OU=Groups,DC=example,DC=com$', team: '$1', pattern: true },
      { group: '-admins$', team: 'Admins', pattern: true },
    ];
    expect(await validator.validate(change({ ...complete, oidcTeams: rules }))).to.equal(null);
  });
});
