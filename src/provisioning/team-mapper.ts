import { inject, injectable } from 'inversify';
import type { TeamMappingRule } from '../settings/types.js';
import type { Claims } from './claims.js';
import type { ProvisioningWarning } from './errors.js';
import { readGroupClaim } from './group-claim.js';
import { analysePattern } from './pattern-safety.js';
import {
  teamNameFor,
  type CompiledPattern,
  type MappedTeam,
  type TeamOrigin,
  type CompiledTeamRules,
  type PatternIndex,
  type TeamMappingLimits,
} from './team-rules.js';
import { TeamRulesCache } from './team-rules-cache.js';
import { PROVISIONING_TYPES } from './tokens.js';

/** Longest a login waits for the ReDoS analyser on patterns not judged yet in this process. */
export const PREPARE_WAIT_MS = 5_000;

/** Source of team links the mapper makes; only these are removed by team sync. */
export const OIDC_MEMBERSHIP_SOURCE = 'oidc';

export interface CurrentMembership {
  readonly team: string;
  /** `manual` (an admin), `oidc` (this mapper), or another mapper's name. */
  readonly source: string;
}

export interface TeamMappingInput {
  readonly claims: Claims;
  /** Dot path of the group claim; null: only rules with an empty group (everyone) apply. */
  readonly groupClaim: string | null;
  readonly rules: readonly TeamMappingRule[];
  /** The user's memberships now (empty for a new user). */
  readonly current: readonly CurrentMembership[];
  /** `oidcSyncTeams`: remove `oidc` links whose team is no longer mapped. */
  readonly removeStale: boolean;
}

export interface TeamMappingResult {
  /** Every team the rules give this user (sorted). */
  readonly mapped: readonly string[];
  /** Mapped teams the user is not in yet. */
  readonly add: readonly string[];
  /** Teams to leave: `oidc` links no longer mapped (only with `removeStale`, never on overage). */
  readonly remove: readonly string[];
  /** Usable group values read from the claim. */
  readonly groupCount: number;
  /** False when the IdP left the groups out (overage): removals are suspended. */
  readonly groupsKnown: boolean;
  readonly warnings: readonly ProvisioningWarning[];
  /** The rule that gave each mapped team (the first one that matched). */
  readonly origins?: ReadonlyMap<string, TeamOrigin>;
}

/** Maps IdP groups to CRM team names (DI: {@link PROVISIONING_TYPES.TeamMapper}; replaceable). */
export interface TeamMapper {
  map(input: TeamMappingInput): TeamMappingResult;
  /**
   * Optional: work to finish before `map` for these rules, off the main thread (the default mapper runs
   * the ReDoS analyser on new patterns once per process). The provisioning service awaits it.
   */
  prepare?(rules: readonly TeamMappingRule[]): Promise<void>;
}

/** Default mapper: exact rules through a Map; patterns through prefix/suffix tries and a combined pre-filter. */
@injectable()
export class RuleTeamMapper implements TeamMapper {
  private readonly cache: TeamRulesCache;

  constructor(@inject(PROVISIONING_TYPES.TeamMappingLimits) private readonly limits: TeamMappingLimits) {
    this.cache = new TeamRulesCache(limits);
  }

  /**
   * Waits (at most {@link PREPARE_WAIT_MS}) for the ReDoS analyser's verdict on patterns this process has
   * not judged yet. Past the wait, the login maps with the structural verdict while the analysis goes on;
   * a later login recompiles with its result.
   */
  async prepare(rules: readonly TeamMappingRule[]): Promise<void> {
    const compiled = this.cache.get(rules);
    if (compiled.unanalysed.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, PREPARE_WAIT_MS);
      timer.unref();
    });
    try {
      await Promise.race([Promise.all(compiled.unanalysed.map((source) => analysePattern(source))), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  map(input: TeamMappingInput): TeamMappingResult {
    const rules = this.cache.get(input.rules);
    const warnings: ProvisioningWarning[] = [...rules.warnings];
    const teams = new Map<string, TeamOrigin>();
    for (const t of rules.always) if (!teams.has(t.team)) teams.set(t.team, t.origin);
    let groupCount = 0;
    let groupsKnown = true;
    if (input.groupClaim) {
      const read = readGroupClaim(input.claims, input.groupClaim, this.limits);
      warnings.push(...read.warnings);
      groupsKnown = read.status !== 'overage';
      groupCount = read.groups.length;
      for (const group of read.groups) this.matchGroup(rules, group, teams);
    }
    const mapped = [...teams.keys()].sort();
    const currentTeams = new Set(input.current.map((m) => m.team));
    const add = mapped.filter((t) => !currentTeams.has(t));
    const remove =
      input.removeStale && groupsKnown
        ? input.current.filter((m) => m.source === OIDC_MEMBERSHIP_SOURCE && !teams.has(m.team)).map((m) => m.team)
        : [];
    return { mapped, add, remove: [...new Set(remove)].sort(), groupCount, groupsKnown, warnings, origins: teams };
  }

  private matchGroup(rules: CompiledTeamRules, group: string, teams: Map<string, TeamOrigin>): void {
    const exact = rules.exact.get(group);
    if (exact) for (const t of exact as readonly MappedTeam[]) if (!teams.has(t.team)) teams.set(t.team, t.origin);
    for (let node: PatternIndex | null | undefined = rules.prefixed, i = 0; node && i < group.length; i++) {
      node = node.next.get(group[i] as string);
      if (node) for (const pattern of node.patterns) this.matchPattern(pattern, group, teams);
    }
    for (let node: PatternIndex | null | undefined = rules.suffixed, i = group.length - 1; node && i >= 0; i--) {
      node = node.next.get(group[i] as string);
      if (node) for (const pattern of node.patterns) this.matchPattern(pattern, group, teams);
    }
    if (rules.unindexed.length === 0 || (rules.unindexedFilter && !rules.unindexedFilter.test(group))) return;
    for (const pattern of rules.unindexed) this.matchPattern(pattern, group, teams);
  }

  private matchPattern(pattern: CompiledPattern, group: string, teams: Map<string, TeamOrigin>): void {
    const match = pattern.regex.exec(group);
    if (!match) return;
    const team = teamNameFor(pattern, match, this.limits.maxValueLength);
    if (team !== null && !teams.has(team)) teams.set(team, pattern.origin);
  }
}
