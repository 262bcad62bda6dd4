import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { inject, injectable } from 'inversify';
import { Team } from '../../sdk/entities/Team.js';
import { TeamMembership } from '../../sdk/entities/TeamMembership.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { TeamDirectory, TeamInfo } from '../../sdk/teams.js';
import { TYPES } from '../../sdk/tokens.js';
import { teamError } from './team-errors.js';
import { checkTeamName } from './team-name.js';

/**
 * The host's {@link TeamDirectory}. Names are unique ignoring case (SQLite compares case-sensitively,
 * MariaDB's collation does not: the check here makes both behave the same); the unique index on `name`
 * catches a concurrent create.
 */
@injectable()
export class DbTeamDirectory implements TeamDirectory {
  constructor(@inject(TYPES.Persistence) private readonly persistence: Persistence) {}

  async list(): Promise<TeamInfo[]> {
    const teams = await this.persistence.em().find(Team, {}, { orderBy: { name: 'asc', id: 'asc' } });
    const counts = await this.memberCounts(teams.map((t) => t.id));
    return teams.map((t) => this.info(t, counts.get(t.id) ?? 0));
  }

  async findById(id: string): Promise<TeamInfo | null> {
    if (typeof id !== 'string' || id === '' || id.length > 36) return null;
    const team = await this.persistence.em().findOne(Team, { id });
    return team ? this.info(team, (await this.memberCounts([team.id])).get(team.id) ?? 0) : null;
  }

  async findByName(name: string): Promise<TeamInfo | null> {
    const wanted = typeof name === 'string' ? name.trim() : '';
    if (wanted === '') return null;
    const em = this.persistence.em();
    let team = await em.findOne(Team, { name: wanted });
    if (!team) {
      const folded = (await this.names()).filter((t) => t.name.toLowerCase() === wanted.toLowerCase());
      team = folded.length === 1 ? await em.findOne(Team, { id: folded[0]!.id }) : null;
    }
    return team ? this.info(team, (await this.memberCounts([team.id])).get(team.id) ?? 0) : null;
  }

  async create(input: string): Promise<TeamInfo> {
    const name = checkTeamName(input);
    await this.refuseTaken(name, null);
    const em = this.persistence.em();
    const team = em.create(Team, { name, description: null, createdAt: new Date() } as never);
    await this.unique(name, () => em.persistAndFlush(team));
    return this.info(team, 0);
  }

  async rename(id: string, input: string): Promise<TeamInfo> {
    const name = checkTeamName(input);
    const team = await this.require(id);
    await this.refuseTaken(name, team.id);
    await this.unique(name, () => this.persistence.em().nativeUpdate(Team, { id: team.id }, { name }));
    return (await this.findById(team.id))!;
  }

  async delete(id: string): Promise<{ removedMemberships: number }> {
    const team = await this.require(id);
    return this.persistence.transactional(async (em) => {
      const removedMemberships = await em.nativeDelete(TeamMembership, { team: team.id });
      await em.nativeDelete(Team, { id: team.id });
      return { removedMemberships };
    });
  }

  /** The team with this id, else the one with this name (the CLI accepts either); 404 otherwise. */
  async resolve(idOrName: string): Promise<TeamInfo> {
    const found = (await this.findById(idOrName)) ?? (await this.findByName(idOrName));
    if (!found) throw teamError('ERR_TEAM_NOT_FOUND', `No team "${idOrName.slice(0, 100)}"`, 404);
    return found;
  }

  private async require(id: string): Promise<Team> {
    const team =
      typeof id === 'string' && id !== '' && id.length <= 36 ? await this.persistence.em().findOne(Team, { id }) : null;
    if (!team) throw teamError('ERR_TEAM_NOT_FOUND', 'No such team', 404);
    return team;
  }

  private async names(): Promise<Array<{ id: string; name: string }>> {
    return (await this.persistence.knex()('teams').select('id', 'name')) as Array<{ id: string; name: string }>;
  }

  private async refuseTaken(name: string, exceptId: string | null): Promise<void> {
    const clash = (await this.names()).find((t) => t.id !== exceptId && t.name.toLowerCase() === name.toLowerCase());
    if (clash) throw this.taken(name, clash.name);
  }

  private taken(name: string, existing: string): Error {
    const detail = existing === name ? `a team named "${name}" already exists` : `"${name}" is taken by "${existing}"`;
    return teamError('ERR_TEAM_NAME_TAKEN', `Team name: ${detail} (names are unique, ignoring case)`, 409, {
      name: 'already used',
    });
  }

  private async unique(name: string, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw this.taken(name, name);
      throw error;
    }
  }

  private async memberCounts(ids: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const rows = (await this.persistence
      .knex()('team_memberships')
      .select('team_id')
      .count({ n: '*' })
      .whereIn('team_id', ids)
      .groupBy('team_id')) as Array<{ team_id: string; n: number | string }>;
    for (const row of rows) counts.set(row.team_id, Number(row.n));
    return counts;
  }

  private info(team: Team, memberCount: number): TeamInfo {
    return { id: team.id, name: team.name, description: team.description, memberCount, createdAt: team.createdAt };
  }
}
