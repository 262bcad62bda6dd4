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
}

/**
 * Adds memberships (source `oidc`) for mapped teams that exist and removes the `oidc` memberships the
 * mapper marked stale. Teams that do not exist are skipped with a warning (never created from IdP
 * data). With `write` false nothing is persisted (dry run).
 */
export async function applyTeams(
  em: EntityManager,
  user: User,
  memberships: readonly TeamMembership[],
  mapping: TeamMappingResult,
  write: boolean,
): Promise<TeamChanges> {
  const warnings: ProvisioningWarning[] = [];
  const teams = mapping.add.length > 0 ? await em.find(Team, { name: { $in: [...mapping.add] } }) : [];
  const found = new Map(teams.map((t) => [t.name, t]));
  const unknown = mapping.add.filter((name) => !found.has(name));
  if (unknown.length > 0) warnings.push({ code: 'WARN_OIDC_TEAM_UNKNOWN', detail: { teams: unknown.join(', ') } });
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
  return { added, removed: removed.sort(), warnings };
}
