import { expect } from 'chai';
import { describeWarning } from '../../../src/provisioning/errors.js';
import {
  analysePattern,
  describeConstruct,
  isAnalysed,
  loginVerdict,
  saveVerdict,
  structurallySafe,
} from '../../../src/provisioning/pattern-safety.js';
import { ruleTeamIds } from '../../../src/provisioning/rule-teams.js';
import { compileTeamRules, DEFAULT_TEAM_MAPPING_LIMITS } from '../../../src/provisioning/team-rules.js';
import { RuleTeamMapper } from '../../../src/provisioning/team-mapper.js';

describe('provisioning/pattern-safety: ReDoS verdicts for team patterns', function () {
  this.timeout(30_000);

  it('names the construct that backtracks, from the hotspot or from the structure', () => {
    expect(describeConstruct('^(a+)+$', 2)).to.equal('nested quantifier (a+)+');
    expect(describeConstruct('^(a+)+$', null)).to.equal('nested quantifier (a+)+');
    expect(describeConstruct('(a|aa)+$', 1)).to.equal('overlapping alternation (a|aa)+');
    expect(describeConstruct('^x(?:[a-z]|\\d){2,}$', null)).to.equal('overlapping alternation (?:[a-z]|\\d){2,}');
    expect(describeConstruct('.*-admins$', 0)).to.equal('ambiguous repetition at ".*"');
    // Parentheses inside classes and escapes are not groups.
    expect(describeConstruct('^[(]a\\(+$', 5)).to.equal('ambiguous repetition at "\\(+"');
  });

  it('the structural check (safe-regex2) flags star height above 1 only', () => {
    expect(structurallySafe('^(a+)+$')).to.equal(false);
    expect(structurallySafe('(.*a){12}')).to.equal(false);
    expect(structurallySafe('(a|aa)+$')).to.equal(true); // recheck's job
    expect(structurallySafe('^(?<team>[a-z]+)-users$')).to.equal(true);
    expect(structurallySafe('^\\p{L}+$')).to.equal(true);
  });

  it('a quadratic pattern is refused on save but still runs at login (values are capped at 255 characters)', async () => {
    const save = await saveVerdict('.*-admins$');
    expect(save.safe).to.equal(false);
    expect(save.complexity).to.match(/polynomial/);
    expect(isAnalysed('.*-admins$')).to.equal(true);
    expect(loginVerdict('.*-admins$').safe).to.equal(true);
    expect((await saveVerdict('-admins$')).safe).to.equal(true);
  });

  it('an exponential pattern the structure misses is skipped at login once analysed, with WARN_OIDC_RULE_UNSAFE', async () => {
    const rules = [{ group: '^(a|b|ab)*c$', team: 'X', pattern: true }];
    await analysePattern('^(a|b|ab)*c$');
    const compiled = compileTeamRules(rules, DEFAULT_TEAM_MAPPING_LIMITS);
    expect(compiled.unindexed.length + (compiled.prefixed ? 1 : 0) + (compiled.suffixed ? 1 : 0)).to.equal(0);
    const warning = compiled.warnings.find((w) => w.code === 'WARN_OIDC_RULE_UNSAFE');
    expect(warning?.detail).to.include({ rule: 1, group: '^(a|b|ab)*c$', complexity: 'exponential' });
    expect(describeWarning(warning!)).to.include('rule 1').and.include('overlapping alternation (a|b|ab)*');
  });

  it('prepare() lets the cached rules pick up the verdict (recompiled once known)', async () => {
    const mapper = new RuleTeamMapper(DEFAULT_TEAM_MAPPING_LIMITS);
    const rules = [{ group: '^(x|xx)+y$', team: 'X', pattern: true }];
    await mapper.prepare(rules);
    const result = mapper.map({
      claims: { groups: [`${'x'.repeat(40)}!`] },
      groupClaim: 'groups',
      rules,
      current: [],
      removeStale: false,
    });
    expect(result.warnings.map((w) => w.code)).to.include('WARN_OIDC_RULE_UNSAFE');
  });

  it('mapped teams carry the rule that gave them', () => {
    const mapper = new RuleTeamMapper(DEFAULT_TEAM_MAPPING_LIMITS);
    const result = mapper.map({
      claims: { groups: ['sales', 'crm-Ops'] },
      groupClaim: 'groups',
      rules: [
        { group: 'sales', team: 'Sales' },
        { group: '^crm-(.+)$', team: '$1', pattern: true },
        { group: '', team: 'All' },
      ],
      current: [],
      removeStale: false,
    });
    expect(Object.fromEntries(result.origins ?? [])).to.deep.equal({
      Sales: { rule: 1, group: 'sales', fromGroup: true },
      Ops: { rule: 2, group: '^crm-(.+)$', fromGroup: true },
      All: { rule: 3, group: '', fromGroup: false },
    });
  });

  it('team ids are read from rules with a fixed team name only', () => {
    expect(
      ruleTeamIds([
        { group: 'a', team: 'A', teamId: 'id-a' },
        { group: '^b(.+)$', team: '$1', teamId: 'id-b', pattern: true },
        { group: 'c', team: 'C' },
        { group: 'd', team: 'A', teamId: 'id-a' },
      ]),
    ).to.deep.equal(['id-a']);
  });
});
