import type { TeamMappingRule } from '../settings/types.js';
import type { ProvisioningWarning } from './errors.js';
import { literalPrefix, literalSuffix } from './literal-prefix.js';
import { isAnalysed, loginVerdict } from './pattern-safety.js';

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

/** Which rule gave a team (for warnings that name their subject, and for team creation). */
export interface TeamOrigin {
  /** 1-based position in `oidcTeams`. */
  readonly rule: number;
  /** The rule's configured group (exact value or pattern source); empty for an everyone rule. */
  readonly group: string;
  /** True for rules matched against the IdP's groups (exact or pattern); false for an everyone rule. */
  readonly fromGroup: boolean;
}

/** A team name with the rule that gives it. */
export interface MappedTeam {
  readonly team: string;
  readonly origin: TeamOrigin;
}

export interface CompiledPattern {
  readonly regex: RegExp;
  readonly origin: TeamOrigin;
  /** Team name, possibly with `$1`, `$<name>` or `$$` references. */
  readonly team: string;
  readonly templated: boolean;
}

/** A pattern with the literal text every match starts (or ends) with. */
export interface IndexedPattern {
  readonly literal: string;
  readonly pattern: CompiledPattern;
}

/**
 * A character trie over literal prefixes (or reversed suffixes): walking a group value character by
 * character reaches exactly the patterns whose literal it starts (ends) with, without allocating.
 */
export interface PatternIndex {
  readonly next: ReadonlyMap<string, PatternIndex>;
  /** Patterns whose whole literal is the path to this node. */
  readonly patterns: readonly CompiledPattern[];
}

/** `oidcTeams` compiled once: exact values in a Map, patterns indexed by literal prefix or suffix. */
export interface CompiledTeamRules {
  /** group value -> teams. */
  readonly exact: ReadonlyMap<string, readonly MappedTeam[]>;
  /** Teams of rules with an empty group: everyone gets them. */
  readonly always: readonly MappedTeam[];
  /** Patterns anchored with `^literal...`. */
  readonly prefixed: PatternIndex | null;
  /** Patterns ending with `...literal$` (and no usable prefix). */
  readonly suffixed: PatternIndex | null;
  /** Other patterns: tested against every group that passes `unindexedFilter`. */
  readonly unindexed: readonly CompiledPattern[];
  /**
   * One regular expression matching wherever any unindexed pattern matches (their alternation), or null
   * when some pattern cannot be combined (back references, named groups): then each is tested.
   */
  readonly unindexedFilter: RegExp | null;
  /** Problems found while compiling (invalid rules, unsafe patterns, too many rules). */
  readonly warnings: readonly ProvisioningWarning[];
  /** Pattern sources judged without the ReDoS analyser's verdict (structure only): recompiled once known. */
  readonly unanalysed: readonly string[];
}

const TEMPLATE_REF = /\$(\$|\d{1,2}|<[A-Za-z_$][\w$]*>)/;

/** Whether a rule's team name takes parts of the group (`$1`, `$<name>`, `$$`): such a rule has no team id. */
export function isTemplatedTeam(team: string): boolean {
  return TEMPLATE_REF.test(team);
}
const TEMPLATE_REFS = new RegExp(TEMPLATE_REF.source, 'g');

/** Compiles rules (no caching: see {@link TeamRulesCache}). Invalid rules are skipped with a warning. */
export function compileTeamRules(rules: readonly TeamMappingRule[], limits: TeamMappingLimits): CompiledTeamRules {
  const exact = new Map<string, MappedTeam[]>();
  const always: MappedTeam[] = [];
  const prefixed: IndexedPattern[] = [];
  const suffixed: IndexedPattern[] = [];
  const unindexed: CompiledPattern[] = [];
  const warnings: ProvisioningWarning[] = [];
  const invalid: number[] = [];
  const unanalysed: string[] = [];
  const used = rules.slice(0, limits.maxRules);
  if (rules.length > limits.maxRules) {
    warnings.push({ code: 'WARN_OIDC_RULES_TRUNCATED', detail: { rules: rules.length, limit: limits.maxRules } });
  }
  used.forEach((rule, index) => {
    const kind = classifyRule(rule, index + 1, limits);
    if (kind.type === 'invalid') {
      invalid.push(index);
    } else if (kind.type === 'unsafe') {
      warnings.push({
        code: 'WARN_OIDC_RULE_UNSAFE',
        detail: { rule: index + 1, group: kind.group, construct: kind.construct, complexity: kind.complexity },
      });
    } else if (kind.type === 'always') {
      if (!always.some((t) => t.team === kind.mapped.team)) always.push(kind.mapped);
    } else if (kind.type === 'exact') {
      const teams = exact.get(kind.group);
      if (!teams) exact.set(kind.group, [kind.mapped]);
      else if (!teams.some((t) => t.team === kind.mapped.team)) teams.push(kind.mapped);
    } else {
      if (!isAnalysed(kind.pattern.regex.source)) unanalysed.push(kind.pattern.regex.source);
      const prefix = literalPrefix(kind.pattern.regex.source);
      const suffix = prefix === null ? literalSuffix(kind.pattern.regex.source) : null;
      if (prefix !== null) prefixed.push({ literal: prefix, pattern: kind.pattern });
      else if (suffix !== null) suffixed.push({ literal: suffix, pattern: kind.pattern });
      else unindexed.push(kind.pattern);
    }
  });
  if (invalid.length > 0) {
    warnings.push({ code: 'WARN_OIDC_RULE_INVALID', detail: { rules: invalid.map((i) => i + 1).join(', ') } });
  }
  return {
    exact,
    always,
    prefixed: buildIndex(prefixed, false),
    suffixed: buildIndex(suffixed, true),
    unindexed,
    unindexedFilter: combine(unindexed),
    warnings,
    unanalysed,
  };
}

function buildIndex(entries: IndexedPattern[], reversed: boolean): PatternIndex | null {
  if (entries.length === 0) return null;
  interface Node {
    next: Map<string, Node>;
    patterns: CompiledPattern[];
  }
  const root: Node = { next: new Map(), patterns: [] };
  for (const { literal, pattern } of entries) {
    let node = root;
    const chars = literal.split(''); // UTF-16 units: the lookup walks group values unit by unit
    if (reversed) chars.reverse();
    for (const ch of chars) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), patterns: [] }));
      node = child;
    }
    node.patterns.push(pattern);
  }
  return root;
}

/** The alternation of the patterns, when their meaning survives being combined. */
function combine(patterns: readonly CompiledPattern[]): RegExp | null {
  if (patterns.length < 2) return null;
  const sources = patterns.map((p) => p.regex.source);
  if (sources.some((s) => /\\[1-9k]|\(\?<[^=!]/.test(s))) return null;
  try {
    return new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'u');
  } catch {
    return null;
  }
}

type RuleKind =
  | { type: 'invalid' }
  | { type: 'unsafe'; group: string; construct: string; complexity: string }
  | { type: 'always'; mapped: MappedTeam }
  | { type: 'exact'; group: string; mapped: MappedTeam }
  | { type: 'pattern'; pattern: CompiledPattern };

function classifyRule(rule: TeamMappingRule, position: number, limits: TeamMappingLimits): RuleKind {
  const team = typeof rule.team === 'string' ? rule.team.trim() : '';
  const group = typeof rule.group === 'string' ? rule.group : '';
  if (team === '' || team.length > limits.maxValueLength) return { type: 'invalid' };
  const origin: TeamOrigin = { rule: position, group, fromGroup: group !== '' };
  if (!rule.pattern) {
    if (group.length > limits.maxValueLength) return { type: 'invalid' };
    return group === ''
      ? { type: 'always', mapped: { team, origin } }
      : { type: 'exact', group, mapped: { team, origin } };
  }
  if (group === '' || group.length > limits.maxPatternLength) return { type: 'invalid' };
  let regex: RegExp;
  try {
    // `u`: Unicode-aware, and the same syntax the settings schema accepts.
    regex = new RegExp(group, 'u');
  } catch {
    return { type: 'invalid' };
  }
  // Group values come from the IdP: a pattern that can backtrack catastrophically is never run.
  const verdict = loginVerdict(group);
  if (!verdict.safe) {
    return { type: 'unsafe', group, construct: verdict.construct ?? '', complexity: verdict.complexity };
  }
  return { type: 'pattern', pattern: { regex, origin, team, templated: TEMPLATE_REF.test(team) } };
}

/** Team name of a pattern match: `$1`..`$99`, `$<name>` and `$$`; null when it comes out empty or too long. */
export function teamNameFor(pattern: CompiledPattern, match: RegExpExecArray, maxLength: number): string | null {
  if (!pattern.templated) return pattern.team;
  const name = pattern.team
    .replace(TEMPLATE_REFS, (_all, ref: string) => {
      if (ref === '$') return '$';
      if (ref.startsWith('<')) return match.groups?.[ref.slice(1, -1)] ?? '';
      return match[Number(ref)] ?? '';
    })
    .trim();
  return name === '' || name.length > maxLength ? null : name;
}
