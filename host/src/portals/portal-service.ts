import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuthToken } from '../../sdk/entities/AuthToken.js';
import { PORTAL_URL_ID_PATTERN, Portal } from '../../sdk/entities/Portal.js';
import { portalError, validatePortalInput } from './portal-input.js';
import { PortalUser } from '../../sdk/entities/PortalUser.js';
import { User } from '../../sdk/entities/User.js';
import type { Persistence } from '../../sdk/persistence.js';
import { portalPath } from '../../sdk/sessions.js';

export interface PortalView {
  id: string;
  name: string;
  urlId: string;
  isActive: boolean;
  authenticationProviderId: string | null;
  /** `/portal/<urlId>/` */
  path: string;
  userCount: number;
  createdAt: string;
  modifiedAt: string;
}

/** Portals and their users: shared by the admin API, the CLI and the portal pages. */
export class PortalService {
  constructor(private readonly persistence: Persistence) {}

  async list(): Promise<PortalView[]> {
    const em = this.persistence.em();
    const portals = await em.find(Portal, {}, { orderBy: { name: 'asc', id: 'asc' } });
    const counts = await this.userCounts(portals.map((p) => p.id));
    return portals.map((p) => this.view(p, counts.get(p.id) ?? 0));
  }

  async get(id: string): Promise<PortalView> {
    const portal = await this.require(id);
    return this.view(portal, (await this.userCounts([portal.id])).get(portal.id) ?? 0);
  }

  /** The portal at `/portal/<urlId>/`, active or not, or null. */
  async byUrlId(urlId: string): Promise<Portal | null> {
    if (!PORTAL_URL_ID_PATTERN.test(urlId)) return null;
    return this.persistence.em().findOne(Portal, { urlId });
  }

  /** Finds by id, else by urlId (the CLI accepts either). */
  async require(idOrUrlId: string): Promise<Portal> {
    const em = this.persistence.em();
    const portal =
      (await em.findOne(Portal, { id: idOrUrlId })) ??
      (PORTAL_URL_ID_PATTERN.test(idOrUrlId) ? await em.findOne(Portal, { urlId: idOrUrlId }) : null);
    if (!portal) throw portalError('ERR_PORTAL_NOT_FOUND', 'No such portal', 404);
    return portal;
  }

  async create(input: unknown): Promise<PortalView> {
    const values = validatePortalInput(input, true);
    const em = this.persistence.em();
    const portal = em.create(Portal, { isActive: true, authenticationProviderId: null, ...values } as never);
    await this.flushUnique(() => em.persistAndFlush(portal));
    return this.view(portal, 0);
  }

  async update(id: string, input: unknown): Promise<PortalView> {
    const values = validatePortalInput(input, false);
    const portal = await this.require(id);
    const em = this.persistence.em();
    await this.flushUnique(() => em.nativeUpdate(Portal, { id: portal.id }, { ...values, modifiedAt: new Date() }));
    return this.get(portal.id);
  }

  /** Deletes the portal, its user links and ends its sessions. */
  async delete(id: string): Promise<void> {
    const portal = await this.require(id);
    await this.persistence.transactional(async (em) => {
      await em.nativeUpdate(AuthToken, { portalId: portal.id, isActive: true }, { isActive: false });
      await em.nativeDelete(PortalUser, { portal: portal.id });
      await em.nativeDelete(Portal, { id: portal.id });
    });
  }

  async users(id: string): Promise<Array<{ id: string; userName: string; name: string | null; isActive: boolean }>> {
    const portal = await this.require(id);
    const links = await this.persistence
      .em()
      .find(PortalUser, { portal: portal.id }, { populate: ['user'], orderBy: { user: { userName: 'asc' } } });
    return links.map((l) => ({
      id: l.user.id,
      userName: l.user.userName,
      name: l.user.name,
      isActive: l.user.isActive,
    }));
  }

  /** Links a `portal` user to the portal (idempotent). Other user types never get portal access. */
  async addUser(id: string, userIdOrName: string): Promise<void> {
    const portal = await this.require(id);
    const em = this.persistence.em();
    const user = (await em.findOne(User, { id: userIdOrName })) ?? (await em.findOne(User, { userName: userIdOrName }));
    if (!user) throw portalError('ERR_USER_NOT_FOUND', 'No such user', 404);
    if (user.type !== 'portal') {
      throw portalError('ERR_PORTAL_USER_TYPE', 'Only users of type "portal" can be linked to a portal', 400, {
        userId: 'must be a portal user',
      });
    }
    if (await em.findOne(PortalUser, { portal: portal.id, user: user.id })) return;
    try {
      await em.persistAndFlush(em.create(PortalUser, { portal, user, createdAt: new Date() }));
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error; // linked concurrently: fine
    }
  }

  /** Unlinks a user and ends the user's sessions in that portal. */
  async removeUser(id: string, userId: string): Promise<boolean> {
    const portal = await this.require(id);
    const removed = await this.persistence.em().nativeDelete(PortalUser, { portal: portal.id, user: userId });
    await this.persistence
      .em()
      .nativeUpdate(AuthToken, { portalId: portal.id, user: userId, isActive: true }, { isActive: false });
    return removed > 0;
  }

  async isMember(portalId: string, userId: string): Promise<boolean> {
    return (await this.persistence.em().count(PortalUser, { portal: portalId, user: userId })) > 0;
  }

  private async userCounts(ids: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const rows = (await this.persistence
      .knex()('portal_users')
      .select('portal_id')
      .count({ n: '*' })
      .whereIn('portal_id', ids)
      .groupBy('portal_id')) as Array<{ portal_id: string; n: number | string }>;
    for (const row of rows) counts.set(row.portal_id, Number(row.n));
    return counts;
  }

  private async flushUnique(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw portalError('ERR_PORTAL_URL_ID_TAKEN', 'Another portal has this URL id', 409, { urlId: 'already used' });
      }
      throw error;
    }
  }

  private view(p: Portal, userCount: number): PortalView {
    return {
      id: p.id,
      name: p.name,
      urlId: p.urlId,
      isActive: p.isActive,
      authenticationProviderId: p.authenticationProviderId,
      path: portalPath(p.urlId),
      userCount,
      createdAt: p.createdAt.toISOString(),
      modifiedAt: p.modifiedAt.toISOString(),
    };
  }
}

export { validatePortalInput, type PortalInput } from './portal-input.js';
