import type { TeamMappingRule } from '../settings/types.js';
import { isAnalysed } from './pattern-safety.js';
import { compileTeamRules, type CompiledTeamRules, type TeamMappingLimits } from './team-rules.js';

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
    if (known && !this.outdated(known)) return known;
    const key = JSON.stringify([
      rules.length,
      rules.slice(0, this.limits.maxRules).map((r) => [r.group, r.team, r.pattern === true]),
    ]);
    let compiled = this.byContent.get(key);
    if (!compiled || this.outdated(compiled)) {
      if (compiled) this.byContent.delete(key);
      compiled = compileTeamRules(rules, this.limits);
      if (this.byContent.size >= this.capacity) this.byContent.delete(this.byContent.keys().next().value as string);
      this.byContent.set(key, compiled);
    }
    this.byIdentity.set(rules, compiled);
    return compiled;
  }

  /** Compiled before the ReDoS analyser's verdict on some pattern, which is known now. */
  private outdated(compiled: CompiledTeamRules): boolean {
    return compiled.unanalysed.length > 0 && compiled.unanalysed.some(isAnalysed);
  }

  /** How many distinct rule sets are cached (for tests). */
  get size(): number {
    return this.byContent.size;
  }
}
