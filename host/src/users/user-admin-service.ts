import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuthToken } from '../../sdk/entities/AuthToken.js';
import { TeamMembership } from '../../sdk/entities/TeamMembership.js';
import { User } from '../../sdk/entities/User.js';
import type { ServiceResolver } from '../../sdk/extension.js';
import type { IdentityLinkSource } from '../../sdk/identity-links.js';
import type { SessionListener } from '../../sdk/login-method.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { AuthTokenManager } from '../../sdk/sessions.js';
import type { TeamDirectory } from '../../sdk/teams.js';
import { TYPES } from '../../sdk/tokens.js';
import { serialWrite } from '../db/write-lock.js';
import { userError } from './user-errors.js';
import { linkView, userView, type IdentityLinkView, type MembershipView, type UserAdminView } from './user-view.js';

export const MANUAL_SOURCE = 'manual';

/**
 * User administration shared by the admin API and the CLI: list users with their teams (and each
 * membership's source) and the IdP identities linked to them (from every `TYPES.IdentityLinkSource`),
 * activate and deactivate (never the last active admin; deactivating ends the sessions), unlink an
 * identity, add and remove manual team memberships.
 */
export class UserAdminService {
  private readonly persistence: Persistence;

  constructor(private readonly services: ServiceResolver) {
    this.persistence = services.get<Persistence>(TYPES.Persistence);
  }

  private linkSources(): IdentityLinkSource[] {
    return this.services.isBound(TYPES.IdentityLinkSource)
      ? this.services.getAll<IdentityLinkSource>(TYPES.IdentityLinkSource)
      : [];
  }

  private teams(): TeamDirectory {
    return this.services.get<TeamDirectory>(TYPES.TeamDirectory);
  }

  /** Users by user name; `query` matches user name, name or e-mail (case-insensitive substring). */
  async list(options: { offset?: number; limit?: number; query?: string } = {}): Promise<{
    total: number;
    list: UserAdminView[];
  }> {
    const q = options.query?.trim().toLowerCase() ?? '';
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = q
      ? { $or: [{ userName: { $like: like } }, { name: { $like: like } }, { emailAddress: { $like: like } }] }
      : {};
    const [users, total] = await this.persistence.em().findAndCount(User, where, {
      orderBy: { userName: 'asc', id: 'asc' },
      offset: options.offset ?? 0,
      limit: options.limit,
    });
    return { total, list: await this.views(users) };
  }

  async get(idOrName: string): Promise<UserAdminView> {
    return (await this.views([await this.require(idOrName)]))[0]!;
  }

  /** By id, else by user name; 404 `ERR_USER_NOT_FOUND`. */
  async require(idOrName: string): Promise<User> {
    const em = this.persistence.em();
    const ok = typeof idOrName === 'string' && idOrName !== '' && idOrName.length <= 255;
    const user = ok
      ? ((idOrName.length <= 36 ? await em.findOne(User, { id: idOrName }) : null) ??
        (await em.findOne(User, { userName: idOrName })))
      : null;
    if (!user) throw userError('ERR_USER_NOT_FOUND', `No user "${String(idOrName).slice(0, 100)}"`, 404);
    return user;
  }

  async activate(idOrName: string): Promise<UserAdminView> {
    const user = await this.require(idOrName);
    if (!user.isActive) await this.persistence.em().nativeUpdate(User, { id: user.id }, { isActive: true });
    return this.get(user.id);
  }

  /**
   * Deactivates and ends every session of the user (SessionListeners are told, reason `admin`). Refuses
   * the last active admin (`ERR_USER_LAST_ADMIN`) and, with `actorId`, the acting admin themself.
   */
  async deactivate(idOrName: string, actorId?: string): Promise<{ user: UserAdminView; endedSessions: number }> {
    const target = await this.require(idOrName);
    if (actorId !== undefined && target.id === actorId) {
      throw userError('ERR_USER_DEACTIVATE_SELF', 'You cannot deactivate your own account', 409);
    }
    // SQLite: one writer of this process at a time (and between processes SQLite itself refuses the second
    // read-then-write transaction); MySQL/MariaDB: the admin rows are locked.
    await serialWrite(this.persistence, () => this.deactivateUnlessLastAdmin(target));
    const sessions = await this.persistence
      .em()
      .find(AuthToken, { user: target.id, isActive: true }, { populate: ['user'] });
    const endedSessions = await this.services.get<AuthTokenManager>(TYPES.AuthTokenManager).destroyForUser(target.id);
    for (const session of sessions) {
      session.isActive = false;
      for (const listener of this.services.getAll<SessionListener>(TYPES.SessionListener)) {
        await listener.sessionEnded(session, 'admin');
      }
    }
    return { user: await this.get(target.id), endedSessions };
  }

  private async deactivateUnlessLastAdmin(target: User): Promise<void> {
    await this.persistence.transactional(async (em) => {
      // MySQL/MariaDB: lock the active admins so that two admins deactivating each other cannot both pass.
      const lockMode = this.persistence.platform === 'mysql' ? LockMode.PESSIMISTIC_WRITE : undefined;
      const admins = await em.find(User, { type: 'admin', isActive: true }, { fields: ['id'], lockMode });
      if (target.type === 'admin' && admins.length === 1 && admins[0]!.id === target.id) {
        throw userError(
          'ERR_USER_LAST_ADMIN',
          `"${target.userName}" is the last active administrator: activate or create another admin first`,
          409,
        );
      }
      await em.nativeUpdate(User, { id: target.id }, { isActive: false });
    });
  }

  /** Removes one identity link and ends the user's sessions that came from that identity. */
  async unlink(idOrName: string, linkId: string): Promise<{ link: IdentityLinkView; endedSessions: number }> {
    const user = await this.require(idOrName);
    for (const source of this.linkSources()) {
      const removed = await source.unlink(user.id, linkId);
      if (!removed) continue;
      const endedSessions = await this.services.get<AuthTokenManager>(TYPES.AuthTokenManager).destroyWhere({
        issuer: removed.issuer,
        sub: removed.subject,
        userId: user.id,
        providerId: removed.providerId,
      });
      return { link: linkView(source.name, removed), endedSessions };
    }
    throw userError('ERR_IDENTITY_LINK_NOT_FOUND', `"${user.userName}" has no identity link "${linkId}"`, 404);
  }

  /** Adds a `manual` membership (team by id or name). */
  async addToTeam(idOrName: string, team: string): Promise<MembershipView> {
    const user = await this.require(idOrName);
    const found = await this.resolveTeam(team);
    const em = this.persistence.em();
    const existing = await em.findOne(TeamMembership, { user: user.id, team: found.id });
    if (existing) {
      throw userError(
        'ERR_TEAM_MEMBERSHIP_EXISTS',
        `"${user.userName}" is already in team "${found.name}" (source: ${existing.source})`,
        409,
      );
    }
    try {
      await em.persistAndFlush(
        em.create(TeamMembership, { user: user.id, team: found.id, source: MANUAL_SOURCE, createdAt: new Date() }),
      );
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      throw userError('ERR_TEAM_MEMBERSHIP_EXISTS', `"${user.userName}" is already in team "${found.name}"`, 409);
    }
    return { id: found.id, name: found.name, source: MANUAL_SOURCE };
  }

  /** Removes the user's membership of a team, whatever its source; returns what was removed. */
  async removeFromTeam(idOrName: string, team: string): Promise<MembershipView> {
    const user = await this.require(idOrName);
    const found = await this.resolveTeam(team);
    const em = this.persistence.em();
    const existing = await em.findOne(TeamMembership, { user: user.id, team: found.id });
    if (!existing) {
      throw userError('ERR_TEAM_MEMBERSHIP_NOT_FOUND', `"${user.userName}" is not in team "${found.name}"`, 404);
    }
    await em.nativeDelete(TeamMembership, { id: existing.id });
    return { id: found.id, name: found.name, source: existing.source };
  }

  private async resolveTeam(idOrName: string): Promise<{ id: string; name: string }> {
    const teams = this.teams();
    const found = (await teams.findById(idOrName)) ?? (await teams.findByName(idOrName));
    if (!found) {
      throw userError('ERR_TEAM_NOT_FOUND', `No team "${String(idOrName).slice(0, 100)}"`, 404, { team: 'not found' });
    }
    return found;
  }

  private async views(users: User[]): Promise<UserAdminView[]> {
    const ids = users.map((u) => u.id);
    const teams = new Map<string, MembershipView[]>();
    const links = new Map<string, IdentityLinkView[]>();
    if (ids.length > 0) {
      const memberships = await this.persistence
        .em()
        .find(TeamMembership, { user: { $in: ids } }, { populate: ['team'], orderBy: { team: { name: 'asc' } } });
      for (const m of memberships) {
        const list = teams.get(m.user.id) ?? [];
        list.push({ id: m.team.id, name: m.team.name, source: m.source });
        teams.set(m.user.id, list);
      }
      for (const source of this.linkSources()) {
        for (const link of await source.listForUsers(ids)) {
          const list = links.get(link.userId) ?? [];
          list.push(linkView(source.name, link));
          links.set(link.userId, list);
        }
      }
    }
    return users.map((u) =>
      userView(
        u,
        teams.get(u.id) ?? [],
        (links.get(u.id) ?? []).sort((a, b) => a.linkedAt.localeCompare(b.linkedAt)),
      ),
    );
  }
}
