import type { EntityManager } from '@mikro-orm/core';
import { Team, TeamMembership, type User } from 'crm-host/sdk';
import type { ProvisioningWarning } from './errors.js';
import type { ProfileField, ProfileValues } from './field-mapper.js';
import { OIDC_MEMBERSHIP_SOURCE, type CurrentMembership, type TeamMappingResult } from './team-mapper.js';

/** Writes the mapped values that differ from the user's; returns the changed fields. */
export function applyProfile(user: User, values: ProfileValues): ProfileField[] {
  const changed: ProfileField[] = [];
  for (const [field, value] of Object.entries(values) as Array<[ProfileField, string | null]>) {
    if (user[field] !== value) {
      user[field] = value;
      changed.push(field);
    }
  }
  return changed;
}

export function currentOf(memberships: readonly TeamMembership[]): CurrentMembership[] {
  return memberships.map((m) => ({ team: (m.team as Team).name, source: m.source }));
}

export interface TeamChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly warnings: ProvisioningWarning[];
  /** Teams created for this login (or that a dry run would create), with the rule that named them. */
  readonly created?: { team: string; rule: number }[];
}

/** `oidcCreateMissingTeams`: create mapped teams that do not exist, within caps. */
export interface TeamCreation {
  readonly enabled: boolean;
  /** Most teams one login creates. */
  readonly maxPerLogin: number;
}

/** No team is created while the CRM holds this many teams or more (whatever created them). */
export const CREATED_TEAMS_TOTAL_CAP = 1_000;

/** Individual `WARN_OIDC_TEAM_UNKNOWN` warnings per login; further missing teams are listed in one more. */
const NAMED_UNKNOWN_WARNINGS = 10;

/**
 * Adds memberships (source `oidc`) for mapped teams that exist and removes the `oidc` memberships the
 * mapper marked stale. Teams that do not exist are skipped with a warning naming each (team, rule), unless
 * `creation` is on: then those mapped from the IdP's groups are created, up to its caps. Two logins creating
 * the same team race on the unique team name: the loser's flush fails and the login is retried, finding
 * the team. With `write` false nothing is persisted (dry run).
 */
export async function applyTeams(
  em: EntityManager,
  user: User,
  memberships: readonly TeamMembership[],
  mapping: TeamMappingResult,
  write: boolean,
  creation: TeamCreation = { enabled: false, maxPerLogin: 0 },
): Promise<TeamChanges> {
  const warnings: ProvisioningWarning[] = [];
  const teams = mapping.add.length > 0 ? await em.find(Team, { name: { $in: [...mapping.add] } }) : [];
  const found = new Map(teams.map((t) => [t.name, t]));
  // A case-insensitive collation (MySQL/MariaDB) finds "sales" for "Sales": that row is the team.
  const folded = new Map(teams.map((t) => [t.name.toLowerCase(), t]));
  for (const name of mapping.add) {
    const team = folded.get(name.toLowerCase());
    if (!found.has(name) && team) found.set(name, team);
  }
  let unknown = mapping.add.filter((name) => !found.has(name));
  const created: { team: string; rule: number }[] = [];
  if (creation.enabled && unknown.length > 0) {
    const creatable = unknown.filter((name) => mapping.origins?.get(name)?.fromGroup === true);
    const room = Math.max(0, CREATED_TEAMS_TOTAL_CAP - (await em.count(Team)));
    const now = new Date();
    const toCreate = creatable.slice(0, Math.min(creation.maxPerLogin, room));
    for (const name of toCreate) {
      const team = em.create(Team, { name, description: null, createdAt: now });
      if (write) em.persist(team);
      found.set(name, team);
      created.push({ team: name, rule: mapping.origins?.get(name)?.rule ?? 0 });
    }
    const capped = creatable.slice(toCreate.length);
    if (capped.length > 0) {
      warnings.push({
        code: 'WARN_OIDC_TEAMS_NOT_CREATED',
        detail: { teams: capped.join(', '), perLogin: creation.maxPerLogin, total: CREATED_TEAMS_TOTAL_CAP },
      });
    }
    unknown = unknown.filter((name) => !found.has(name));
  }
  unknown.slice(0, NAMED_UNKNOWN_WARNINGS).forEach((name) => {
    const origin = mapping.origins?.get(name);
    warnings.push({
      code: 'WARN_OIDC_TEAM_UNKNOWN',
      detail: origin ? { team: name, rule: origin.rule, group: origin.group } : { team: name },
    });
  });
  if (unknown.length > NAMED_UNKNOWN_WARNINGS) {
    const rest = unknown.slice(NAMED_UNKNOWN_WARNINGS);
    warnings.push({ code: 'WARN_OIDC_TEAM_UNKNOWN', detail: { team: rest.join(', '), count: rest.length } });
  }
  const added: string[] = [];
  for (const name of mapping.add) {
    const team = found.get(name);
    if (!team) continue;
    added.push(name);
    if (write) {
      const membership = em.create(TeamMembership, {
        user,
        team,
        source: OIDC_MEMBERSHIP_SOURCE,
        createdAt: new Date(),
      });
      em.persist(membership);
    }
  }
  const stale = new Set(mapping.remove);
  const removed: string[] = [];
  for (const membership of memberships) {
    const name = (membership.team as Team).name;
    if (membership.source !== OIDC_MEMBERSHIP_SOURCE || !stale.has(name)) continue;
    removed.push(name);
    if (write) em.remove(membership);
  }
  return { added, removed: removed.sort(), warnings, created };
}
