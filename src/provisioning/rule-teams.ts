import type { EntityManager } from '@mikro-orm/core';
import { Team } from 'crm-host/sdk';
import type { TeamMappingRule } from '../settings/types.js';
import { isTemplatedTeam } from './team-rules.js';

/** Team ids the rules refer to (rules with a fixed team name only: a templated name has no id). */
export function ruleTeamIds(rules: readonly TeamMappingRule[]): string[] {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (typeof rule.teamId === 'string' && rule.teamId !== '' && !isTemplatedTeam(rule.team)) ids.add(rule.teamId);
  }
  return [...ids];
}

interface Resolved {
  readonly signature: string;
  readonly rules: readonly TeamMappingRule[];
}

/** Per settings array: the rules with current names, kept while the names are unchanged (cache hits downstream). */
const memo = new WeakMap<readonly TeamMappingRule[], Resolved>();

/**
 * The rules with each `teamId` replaced by its team's current name, so that a renamed team keeps its
 * rules. A rule without an id, or whose id names no team (deleted), keeps its stored name: the team is
 * then looked up by name, as before ids were stored. Returns `rules` itself when no rule has an id, and
 * the same array as last time while the names are unchanged (the compiled rules stay cached).
 */
export async function resolveRuleTeams(
  em: EntityManager,
  rules: readonly TeamMappingRule[],
): Promise<readonly TeamMappingRule[]> {
  const ids = ruleTeamIds(rules);
  if (ids.length === 0) return rules;
  const teams = await em.find(Team, { id: { $in: ids } });
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const signature = JSON.stringify(ids.map((id) => names.get(id) ?? null));
  const known = memo.get(rules);
  if (known && known.signature === signature) return known.rules;
  const resolved = rules.map((rule) => {
    const name = rule.teamId !== undefined && !isTemplatedTeam(rule.team) ? names.get(rule.teamId) : undefined;
    return name === undefined || name === rule.team ? rule : { ...rule, team: name };
  });
  memo.set(rules, { signature, rules: resolved });
  return resolved;
}

/**
 * The rules with `teamId` filled in where a team of the rule's name exists (exact team names only), and
 * the names of those whose id names a team brought up to date. For saving: a rule then survives renames.
 * Returns null when nothing changes.
 */
export async function attachRuleTeamIds(
  em: EntityManager,
  rules: readonly TeamMappingRule[],
): Promise<TeamMappingRule[] | null> {
  const fixed = rules.filter((r) => !isTemplatedTeam(r.team) && r.team.trim() !== '');
  if (fixed.length === 0) return null;
  const byId = new Map((await em.find(Team, { id: { $in: ruleTeamIds(fixed) } })).map((t) => [t.id, t]));
  const wanted = [...new Set(fixed.filter((r) => !r.teamId || !byId.has(r.teamId)).map((r) => r.team.trim()))];
  const byName = new Map(
    (wanted.length > 0 ? await em.find(Team, { name: { $in: wanted } }) : []).map((t) => [t.name, t]),
  );
  let changed = false;
  const out = rules.map((rule) => {
    if (isTemplatedTeam(rule.team) || rule.team.trim() === '') return rule;
    const team = (rule.teamId ? byId.get(rule.teamId) : undefined) ?? byName.get(rule.team.trim());
    if (!team || (team.id === rule.teamId && team.name === rule.team)) return rule;
    changed = true;
    return { ...rule, team: team.name, teamId: team.id };
  });
  return changed ? out : null;
}
