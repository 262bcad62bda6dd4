import type { TeamMappingRule } from '../settings/types.js';
import type { ProvisioningWarning } from './errors.js';
import { literalPrefix } from './literal-prefix.js';

export interface TeamMappingLimits {
  /** Group values read from the claim (default 10,000). */
  maxGroups: number;
  /** Rules used from `oidcTeams` (default 1,000). */
  maxRules: number;
  /** Longest group value, rule value or team name (default 255). */
  maxValueLength: number;
  /** Longest pattern source (default 1,000). */
  maxPatternLength: number;
}

export const DEFAULT_TEAM_MAPPING_LIMITS: Readonly<TeamMappingLimits> = Object.freeze({
  maxGroups: 10_000,
  maxRules: 1_000,
  maxValueLength: 255,
  maxPatternLength: 1_000,
});

export interface CompiledPattern {
  readonly regex: RegExp;
  /** Team name, possibly with `$1`, `$<name>` or `$$` references. */
  readonly team: string;
  readonly templated: boolean;
}

/** `oidcTeams` compiled once: exact values in a Map, patterns indexed by their literal prefix. */
export interface CompiledTeamRules {
  /** group value -> teams. */
  readonly exact: ReadonlyMap<string, readonly string[]>;
  /** Teams of rules with an empty group: everyone gets them. */
  readonly always: readonly string[];
  /** literal prefix -> patterns that need it. */
  readonly byPrefix: ReadonlyMap<string, readonly CompiledPattern[]>;
  /** Distinct prefix lengths in `byPrefix`, ascending. */
  readonly prefixLengths: readonly number[];
  /** Patterns without a usable literal prefix: tested against every group. */
  readonly unindexed: readonly CompiledPattern[];
  /** Problems found while compiling (invalid rules, too many rules). */
  readonly warnings: readonly ProvisioningWarning[];
}

const TEMPLATE_REF = /\$(\$|\d{1,2}|<[A-Za-z_$][\w$]*>)/;

/** Compiles rules (no caching: see {@link TeamRulesCache}). Invalid rules are skipped with a warning. */
export function compileTeamRules(rules: readonly TeamMappingRule[], limits: TeamMappingLimits): CompiledTeamRules {
  const exact = new Map<string, string[]>();
  const always: string[] = [];
  const byPrefix = new Map<string, CompiledPattern[]>();
  const unindexed: CompiledPattern[] = [];
  const warnings: ProvisioningWarning[] = [];
  const invalid: number[] = [];
  const used = rules.slice(0, limits.maxRules);
  if (rules.length > limits.maxRules) {
    warnings.push({ code: 'WARN_OIDC_RULES_TRUNCATED', detail: { rules: rules.length, limit: limits.maxRules } });
  }
  used.forEach((rule, index) => {
    const kind = classifyRule(rule, limits);
    if (kind.type === 'invalid') {
      invalid.push(index);
    } else if (kind.type === 'always') {
      if (!always.includes(kind.team)) always.push(kind.team);
    } else if (kind.type === 'exact') {
      const teams = exact.get(kind.group);
      if (!teams) exact.set(kind.group, [kind.team]);
      else if (!teams.includes(kind.team)) teams.push(kind.team);
    } else if (kind.prefix === null) {
      unindexed.push(kind.pattern);
    } else {
      const list = byPrefix.get(kind.prefix);
      if (list) list.push(kind.pattern);
      else byPrefix.set(kind.prefix, [kind.pattern]);
    }
  });
  if (invalid.length > 0) {
    warnings.push({ code: 'WARN_OIDC_RULE_INVALID', detail: { rules: invalid.map((i) => i + 1).join(', ') } });
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
  return { exact, always, byPrefix, prefixLengths, unindexed, warnings };
}

type RuleKind =
  | { type: 'invalid' }
  | { type: 'always'; team: string }
  | { type: 'exact'; group: string; team: string }
  | { type: 'pattern'; pattern: CompiledPattern; prefix: string | null };

function classifyRule(rule: TeamMappingRule, limits: TeamMappingLimits): RuleKind {
  const team = typeof rule.team === 'string' ? rule.team.trim() : '';
  const group = typeof rule.group === 'string' ? rule.group : '';
  if (team === '' || team.length > limits.maxValueLength) return { type: 'invalid' };
  if (!rule.pattern) {
    if (group.length > limits.maxValueLength) return { type: 'invalid' };
    return group === '' ? { type: 'always', team } : { type: 'exact', group, team };
  }
  if (group === '' || group.length > limits.maxPatternLength) return { type: 'invalid' };
  let regex: RegExp;
  try {
    regex = new RegExp(group);
  } catch {
    return { type: 'invalid' };
  }
  return {
    type: 'pattern',
    pattern: { regex, team, templated: TEMPLATE_REF.test(team) },
    prefix: literalPrefix(group),
  };
}

/** Team name of a pattern match: `$1`..`$99`, `$<name>` and `$$`; null when it comes out empty or too long. */
export function teamNameFor(pattern: CompiledPattern, match: RegExpExecArray, maxLength: number): string | null {
  if (!pattern.templated) return pattern.team;
  const name = pattern.team
    .replace(new RegExp(TEMPLATE_REF.source, 'g'), (_all, ref: string) => {
      if (ref === '$') return '$';
      if (ref.startsWith('<')) return match.groups?.[ref.slice(1, -1)] ?? '';
      return match[Number(ref)] ?? '';
    })
    .trim();
  return name === '' || name.length > maxLength ? null : name;
}

/**
 * Compiled rules cached by identity (the same settings array) and by content (the same rules read
 * again), so a login never recompiles an unchanged mapping. Bounded: the oldest entry goes first.
 */
export class TeamRulesCache {
  private readonly byIdentity = new WeakMap<readonly TeamMappingRule[], CompiledTeamRules>();
  private readonly byContent = new Map<string, CompiledTeamRules>();

  constructor(
    private readonly limits: TeamMappingLimits,
    private readonly capacity = 16,
  ) {}

  get(rules: readonly TeamMappingRule[]): CompiledTeamRules {
    const known = this.byIdentity.get(rules);
    if (known) return known;
    const key = JSON.stringify([
      rules.length,
      rules.slice(0, this.limits.maxRules).map((r) => [r.group, r.team, r.pattern === true]),
    ]);
    let compiled = this.byContent.get(key);
    if (!compiled) {
      compiled = compileTeamRules(rules, this.limits);
      if (this.byContent.size >= this.capacity) this.byContent.delete(this.byContent.keys().next().value as string);
      this.byContent.set(key, compiled);
    }
    this.byIdentity.set(rules, compiled);
    return compiled;
  }

  /** How many distinct rule sets are cached (for tests). */
  get size(): number {
    return this.byContent.size;
  }
}
