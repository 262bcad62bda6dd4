import { expect } from 'chai';
import fc from 'fast-check';
import {
  RuleTeamMapper,
  type CurrentMembership,
  type TeamMappingInput,
} from '../../../src/provisioning/team-mapper.js';
import {
  compileTeamRules,
  DEFAULT_TEAM_MAPPING_LIMITS,
  type TeamMappingLimits,
} from '../../../src/provisioning/team-rules.js';
import { TeamRulesCache } from '../../../src/provisioning/team-rules-cache.js';
import type { TeamMappingRule } from '../../../src/settings/types.js';

const mapper = (limits: Partial<TeamMappingLimits> = {}) =>
  new RuleTeamMapper({ ...DEFAULT_TEAM_MAPPING_LIMITS, ...limits });

function run(
  rules: TeamMappingRule[],
  claims: Record<string, unknown>,
  more: Partial<TeamMappingInput> = {},
  limits: Partial<TeamMappingLimits> = {},
) {
  return mapper(limits).map({ claims, groupClaim: 'groups', rules, current: [], removeStale: false, ...more });
}
const codes = (r: { warnings: readonly { code: string }[] }) => r.warnings.map((w) => w.code);

const PATTERN_SOURCES: string[] = [
  '^a',
  '^ab',
  '^a(.*)$',
  '^a\\.b',
  '^ab?',
  '^a+b',
  'b$',
  '^(a|b)x',
  '^x1-(.+)',
  '^a|^b',
  '(.)\\1',
  '^[ab]+$',
  '^a\\-',
  '(.+)-ab$',
  'x1$',
  'b?$',
  'a+$',
  '\\.b$',
  '\\x62$',
  'a|b$',
  '[ab]$',
  '(?<n>a)b$',
  '\\\\$',
  '.\\-x1$',
  'ab{2}$',
  '-',
  'a.',
  '(a)(b)?$',
];

describe('provisioning/team-mapper: groups to teams', () => {
  it('maps exact values, case-sensitively, several teams per group', () => {
    const rules = [
      { group: 'sales', team: 'Sales' },
      { group: 'sales', team: 'Everyone in sales' },
      { group: 'Support', team: 'Support' },
    ];
    expect(run(rules, { groups: ['sales', 'support', 'other'] }).mapped).to.deep.equal(['Everyone in sales', 'Sales']);
  });

  it('reads a single string as one group and a nested claim by dot path (Keycloak realm_access.roles)', () => {
    const rules = [{ group: 'crm-admin', team: 'Admins' }];
    expect(run(rules, { groups: 'crm-admin' }).mapped).to.deep.equal(['Admins']);
    const keycloak = { realm_access: { roles: ['offline_access', 'crm-admin'] } };
    expect(run(rules, keycloak, { groupClaim: 'realm_access.roles' }).mapped).to.deep.equal(['Admins']);
  });

  it('maps patterns, naming the team by $1, by a named capture, or a fixed name', () => {
    const rules = [
      { group: '^crm-(.+)$', team: '$1', pattern: true },
      { group: '^dept/(?<dept>[a-z]+)/lead$', team: 'Lead $<dept>', pattern: true },
      { group: 'admins$', team: 'Admins', pattern: true },
      { group: '^cost-(\\d+)$', team: 'Cost $$$1', pattern: true },
    ];
    const r = run(rules, { groups: ['crm-sales', 'crm-support', 'dept/it/lead', 'it-admins', 'cost-42', 'xcrm-no'] });
    expect(r.mapped).to.deep.equal(['Admins', 'Cost $42', 'Lead it', 'sales', 'support']);
  });

  it('compiles patterns in Unicode mode, like the settings schema checks them', () => {
    const rules = [
      { group: '^\\p{Lu}+$', team: 'Upper', pattern: true },
      { group: '^😀-(.+)$', team: 'Emoji $1', pattern: true },
      { group: '^a\\-b', team: 'Not unicode-valid', pattern: true },
    ];
    const r = run(rules, { groups: ['ÄBC', 'abc', '😀-x', '😁-y'] });
    expect(r.mapped).to.deep.equal(['Emoji x', 'Upper']);
    expect(r.warnings).to.deep.include({ code: 'WARN_OIDC_RULE_INVALID', detail: { rules: '3' } });
  });

  it('skips a pattern match whose team name comes out empty or too long', () => {
    const rules = [{ group: '^crm-(.*)$', team: '$1', pattern: true }];
    expect(run(rules, { groups: ['crm-', `crm-${'x'.repeat(300)}`] }).mapped).to.deep.equal([]);
  });

  it('gives teams of rules with an empty group to everyone, even without groups', () => {
    const rules = [{ group: '', team: 'Everyone' }];
    expect(run(rules, {}).mapped).to.deep.equal(['Everyone']);
    expect(run(rules, {}, { groupClaim: null }).mapped).to.deep.equal(['Everyone']);
  });

  it('ignores, counts and reports group values of other types, empty or too long', () => {
    const rules = [{ group: 'a', team: 'A' }];
    const r = run(rules, { groups: ['a', 1, null, { x: 1 }, ['a'], '', 'b'.repeat(256)] });
    expect(r.mapped).to.deep.equal(['A']);
    expect(r.groupCount).to.equal(1);
    expect(r.warnings).to.deep.include({
      code: 'WARN_OIDC_GROUP_VALUES_IGNORED',
      detail: { claim: 'groups', ignored: 6 },
    });
  });

  it('treats a claim that is neither text nor a list as no groups, with a warning', () => {
    const r = run([{ group: 'a', team: 'A' }], { groups: { a: true } });
    expect(r.mapped).to.deep.equal([]);
    expect(codes(r)).to.include('WARN_OIDC_GROUP_CLAIM_INVALID');
  });

  it('U-01: a string, 10,000 entries or "__proto__" values are handled by type and size, own properties only', () => {
    const rules = [
      { group: '__proto__', team: 'Proto' },
      { group: 'constructor', team: 'Ctor' },
      { group: 'g9999', team: 'Last' },
    ];
    expect(run(rules, { groups: '__proto__' }).mapped).to.deep.equal(['Proto']);
    expect(run(rules, { groups: ['toString', 'hasOwnProperty'] }).mapped).to.deep.equal([]);
    const many = Array.from({ length: 10_000 }, (_, i) => `g${i}`);
    expect(run(rules, { groups: many }).mapped).to.deep.equal(['Last']);
    expect(codes(run(rules, { groups: [...many, 'constructor'] }))).to.deep.equal(['WARN_OIDC_GROUPS_TRUNCATED']);
    const polluted = JSON.parse('{"__proto__": {"groups": ["constructor"]}}') as Record<string, unknown>;
    expect(run(rules, polluted).mapped).to.deep.equal([]);
  });

  it('U-01: a missing group claim grants no teams (fail closed)', () => {
    const r = run([{ group: 'sales', team: 'Sales' }], { sub: 'x' });
    expect(r.mapped).to.deep.equal([]);
    expect(codes(r)).to.deep.equal(['WARN_OIDC_GROUP_CLAIM_ABSENT']);
  });

  it('rp-claims-aggregated / rp-claims-distributed: _claim_names/_claim_sources are never read as groups', () => {
    const claims = {
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { JWT: 'e30.eyJncm91cHMiOlsic2FsZXMiXX0.' }, src2: { groups: ['sales'] } },
    };
    const r = run([{ group: 'sales', team: 'Sales' }], claims);
    expect(r.mapped).to.deep.equal([]);
    expect(r.groupsKnown).to.equal(false);
  });

  describe('sync', () => {
    const rules = [
      { group: 'sales', team: 'Sales' },
      { group: '^crm-(.+)$', team: '$1', pattern: true },
    ];
    const current: CurrentMembership[] = [
      { team: 'Sales', source: 'oidc' },
      { team: 'ops', source: 'oidc' },
      { team: 'Hand-picked', source: 'manual' },
      { team: 'Other mapper', source: 'ldap' },
    ];

    it('adds mapped teams the user lacks and removes only stale oidc links (manual kept)', () => {
      const r = run(rules, { groups: ['crm-dev', 'sales'] }, { current, removeStale: true });
      expect(r.add).to.deep.equal(['dev']);
      expect(r.remove).to.deep.equal(['ops']);
    });

    it('removes nothing without removeStale (oidcSyncTeams off)', () => {
      const r = run(rules, { groups: [] }, { current, removeStale: false });
      expect(r.remove).to.deep.equal([]);
    });

    it('does not re-add a team the user already has by hand', () => {
      const r = run([{ group: 'x', team: 'Hand-picked' }], { groups: ['x'] }, { current, removeStale: true });
      expect(r.add).to.deep.equal([]);
      expect(r.remove).to.deep.equal(['Sales', 'ops']);
    });

    it('treats an absent group claim as no groups (warns) and removes stale oidc links', () => {
      const r = run(rules, { sub: 'x' }, { current, removeStale: true });
      expect(codes(r)).to.include('WARN_OIDC_GROUP_CLAIM_ABSENT');
      expect(r.remove).to.deep.equal(['Sales', 'ops']);
    });

    it('Entra overage (_claim_names.groups): warns, removes nothing', () => {
      const entra = {
        sub: 'x',
        _claim_names: { groups: 'src1' },
        _claim_sources: { src1: { endpoint: 'https://graph' } },
      };
      const r = run(rules, entra, { current, removeStale: true });
      expect(r.groupsKnown).to.equal(false);
      expect(codes(r)).to.deep.equal(['WARN_OIDC_GROUPS_OVERAGE']);
      expect(r.remove).to.deep.equal([]);
    });

    it('Entra overage (hasgroups: true): warns, removes nothing', () => {
      const r = run(rules, { sub: 'x', hasgroups: true }, { current, removeStale: true });
      expect(codes(r)).to.deep.equal(['WARN_OIDC_GROUPS_OVERAGE']);
      expect(r.remove).to.deep.equal([]);
    });
  });

  describe('caps', () => {
    it('reads at most maxGroups values and says so', () => {
      const groups = Array.from({ length: 12 }, (_, i) => `g${i}`);
      const r = run(
        [
          { group: 'g11', team: 'Last' },
          { group: 'g0', team: 'First' },
        ],
        { groups },
        {},
        { maxGroups: 10 },
      );
      expect(r.mapped).to.deep.equal(['First']);
      expect(r.warnings).to.deep.include({
        code: 'WARN_OIDC_GROUPS_TRUNCATED',
        detail: { claim: 'groups', values: 12, limit: 10 },
      });
    });

    it('uses at most maxRules rules and says so', () => {
      const rules = Array.from({ length: 5 }, (_, i) => ({ group: `g${i}`, team: `T${i}` }));
      const r = run(rules, { groups: ['g0', 'g4'] }, {}, { maxRules: 3 });
      expect(r.mapped).to.deep.equal(['T0']);
      expect(r.warnings).to.deep.include({ code: 'WARN_OIDC_RULES_TRUNCATED', detail: { rules: 5, limit: 3 } });
    });

    it('skips invalid rules (bad regex, empty team, overlong value) with their positions', () => {
      const rules = [
        { group: '([', team: 'Bad', pattern: true },
        { group: 'ok', team: '' },
        { group: 'x'.repeat(256), team: 'Long' },
        { group: 'ok', team: 'Ok' },
      ];
      const r = run(rules, { groups: ['ok'] });
      expect(r.mapped).to.deep.equal(['Ok']);
      expect(r.warnings).to.deep.include({ code: 'WARN_OIDC_RULE_INVALID', detail: { rules: '1, 2, 3' } });
    });

    it('handles 10,000 groups against 1,000 rules', () => {
      const groups = Array.from({ length: 10_000 }, (_, i) => `grp-${i}`);
      const rules = Array.from({ length: 1_000 }, (_, i) =>
        i % 2 ? { group: `grp-${i}`, team: `E${i}` } : { group: `^grp-${i}(\\d)$`, team: `P$1`, pattern: true },
      );
      const r = run(rules, { groups });
      expect(r.mapped).to.include.members(['E1', 'E999', 'P0', 'P9']);
      expect(r.warnings).to.deep.equal([]);
    });
  });

  describe('compiled rules', () => {
    it('are cached by identity and by content', () => {
      const cache = new TeamRulesCache(DEFAULT_TEAM_MAPPING_LIMITS);
      const rules = [{ group: 'a', team: 'A' }];
      const first = cache.get(rules);
      expect(cache.get(rules)).to.equal(first);
      expect(cache.get([{ group: 'a', team: 'A' }])).to.equal(first);
      expect(cache.get([{ group: 'a', team: 'B' }])).not.to.equal(first);
      expect(cache.size).to.equal(2);
    });

    it('stay bounded', () => {
      const cache = new TeamRulesCache(DEFAULT_TEAM_MAPPING_LIMITS, 3);
      for (let i = 0; i < 10; i++) cache.get([{ group: `g${i}`, team: 'T' }]);
      expect(cache.size).to.equal(3);
    });

    it('index anchored patterns by literal prefix, $-anchored ones by suffix, and keep the rest unindexed', () => {
      const c = compileTeamRules(
        [
          { group: '^crm-(.+)$', team: '$1', pattern: true },
          { group: '^crm-x', team: 'X', pattern: true },
          { group: '-admins$', team: 'A', pattern: true },
          { group: '^a|^b', team: 'AB', pattern: true },
        ],
        DEFAULT_TEAM_MAPPING_LIMITS,
      );
      expect([...(c.prefixed?.next.keys() ?? [])]).to.deep.equal(['c']);
      expect(c.suffixed?.next.has('s')).to.equal(true);
      expect(c.unindexed).to.have.length(1);
      expect(c.unindexedFilter).to.equal(null);
    });
  });

  it('gives the same teams as testing every rule against every group (property)', () => {
    const naive = (rules: TeamMappingRule[], groups: string[]): string[] => {
      const teams = new Set<string>();
      for (const rule of rules) {
        if (!rule.pattern) {
          if (rule.group === '' || groups.includes(rule.group)) teams.add(rule.team);
          continue;
        }
        let regex: RegExp;
        try {
          regex = new RegExp(rule.group, 'u');
        } catch {
          continue; // invalid in Unicode mode: the mapper skips it too (with a warning)
        }
        for (const g of groups) {
          const m = regex.exec(g);
          if (m) {
            const name = rule.team
              .replace(/\$(\d|<n>)/g, (_a, n: string) => (n === '<n>' ? m.groups?.['n'] : m[Number(n)]) ?? '')
              .trim();
            if (name !== '') teams.add(name);
          }
        }
      }
      return [...teams].sort();
    };
    const token = fc.constantFrom('a', 'b', 'ab', '-', 'x1', '.');
    const group = fc.array(token, { minLength: 1, maxLength: 4 }).map((t) => t.join(''));
    // Anchored, $-anchored, escaped, quantified, alternated, back-referencing and named-group sources.
    const pattern = fc.constantFrom(...PATTERN_SOURCES);
    const rule = fc.oneof(
      fc.record({ group, team: fc.constantFrom('T1', 'T2', 'T3') }),
      fc.record({ group: pattern, team: fc.constantFrom('P', 'C$1', 'N$<n>'), pattern: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 14 }), fc.array(group, { maxLength: 20 }), (rules, groups) => {
        const got = run(rules as TeamMappingRule[], { groups }).mapped;
        expect(got).to.deep.equal(naive(rules as TeamMappingRule[], groups));
      }),
      { numRuns: 500 },
    );
  });
});
