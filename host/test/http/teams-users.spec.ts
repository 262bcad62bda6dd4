import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { Team } from '../../sdk/entities/Team.js';
import { TeamMembership } from '../../sdk/entities/TeamMembership.js';
import { User } from '../../sdk/entities/User.js';
import type { IdentityLinkInfo, IdentityLinkSource } from '../../sdk/identity-links.js';
import type { SessionListener } from '../../sdk/login-method.js';
import type { AuthTokenManager } from '../../sdk/sessions.js';
import type { TeamDirectory } from '../../sdk/teams.js';
import { TYPES } from '../../sdk/tokens.js';
import { forEachDatabase } from '../../src/testing/index.js';
import { as, createUser, login, startFixture, type Fixture, type Session } from './support/http-fixture.js';

/** An IdentityLinkSource over a list (the host side of the contract; the extension's is tested in test/integration). */
class ListLinkSource implements IdentityLinkSource {
  readonly name = 'oidc';
  readonly links: IdentityLinkInfo[] = [];
  async listForUsers(userIds: readonly string[]): Promise<IdentityLinkInfo[]> {
    return this.links.filter((l) => userIds.includes(l.userId));
  }
  async unlink(userId: string, linkId: string): Promise<IdentityLinkInfo | null> {
    const at = this.links.findIndex((l) => l.id === linkId && l.userId === userId);
    return at < 0 ? null : this.links.splice(at, 1)[0]!;
  }
}

forEachDatabase('http: teams and users administration', (db) => {
  let fx: Fixture;
  let admin: Session;
  let alice: User;
  let root: User;
  let links: ListLinkSource;
  let ended: Array<{ userId: string; reason: string }>;

  beforeEach(async () => {
    links = new ListLinkSource();
    ended = [];
    fx = await startFixture({
      databaseUrl: await db.createUrl(),
      before(host) {
        host.container.bind<IdentityLinkSource>(TYPES.IdentityLinkSource).toConstantValue(links);
        const listener: SessionListener = {
          sessionEnded: (session, reason) => void ended.push({ userId: session.user.id, reason }),
        };
        host.container.bind<SessionListener>(TYPES.SessionListener).toConstantValue(listener);
      },
    });
    root = await createUser(fx.host, 'root', 'root-pass-1', 'admin');
    alice = await createUser(fx.host, 'alice', 'alice-pass-1', 'regular', ['Sales']);
    admin = await login(fx.app, 'root', 'root-pass-1');
  });
  afterEach(() => fx.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    who = admin,
  ): Promise<LightMyRequestResponse> =>
    fx.app.inject({ method, url, headers: as(who, method !== 'GET'), payload: payload as Record<string, unknown> });

  describe('teams', () => {
    it('creates (trimmed), lists by name with memberCount, reads one; only admins, with CSRF', async () => {
      const created = await call('POST', '/api/v1/Team', { name: '  Support  ' });
      expect(created.statusCode, created.body).to.equal(201);
      expect(created.json()).to.include({ name: 'Support', memberCount: 0 });
      const list = await call('GET', '/api/v1/Team');
      expect(list.json().total).to.equal(2);
      expect(
        list.json().list.map((t: { name: string; memberCount: number }) => `${t.name}:${t.memberCount}`),
      ).to.deep.equal(['Sales:1', 'Support:0']);
      const one = await call('GET', `/api/v1/Team/${created.json().id}`);
      expect(one.json()).to.include({ id: created.json().id, name: 'Support' });
      expect((await call('GET', '/api/v1/Team/nope')).json().code).to.equal('ERR_TEAM_NOT_FOUND');

      const noCsrf = await fx.app.inject({
        method: 'POST',
        url: '/api/v1/Team',
        headers: as(admin, false),
        payload: { name: 'X' },
      });
      expect(noCsrf.json().code).to.equal('ERR_CSRF_TOKEN_INVALID');
      const aliceSession = await login(fx.app, 'alice', 'alice-pass-1');
      expect((await call('POST', '/api/v1/Team', { name: 'X' }, aliceSession)).statusCode).to.equal(403);
      expect((await call('GET', '/api/v1/Team', undefined, aliceSession)).statusCode).to.equal(403);
      expect((await fx.app.inject({ method: 'GET', url: '/api/v1/Team' })).statusCode).to.equal(401);
      expect((await call('GET', '/api/v1/Team')).json().total, 'nothing created by refused requests').to.equal(2);
    });

    it('pages the list only when asked (offset/maxSize)', async () => {
      for (const name of ['B', 'C', 'D']) await call('POST', '/api/v1/Team', { name });
      expect((await call('GET', '/api/v1/Team')).json().list).to.have.length(4);
      const page = (await call('GET', '/api/v1/Team?offset=1&maxSize=2')).json();
      expect(page.total).to.equal(4);
      expect(page.list.map((t: { name: string }) => t.name)).to.deep.equal(['C', 'D']);
    });

    it('refuses a duplicate (ignoring case), an empty, a too long and a multi-line name, naming the problem', async () => {
      const dup = await call('POST', '/api/v1/Team', { name: 'sales' });
      expect(dup.statusCode).to.equal(409);
      expect(dup.json()).to.include({ code: 'ERR_TEAM_NAME_TAKEN', i18nKey: 'Team.messages.ERR_TEAM_NAME_TAKEN' });
      expect(dup.json().message).to.contain('"sales" is taken by "Sales"');
      for (const [name, field] of [
        ['   ', 'required'],
        ['x'.repeat(256), 'at most 255'],
        ['a\nb', 'line breaks'],
        [42, 'a text'],
      ] as const) {
        const bad = await call('POST', '/api/v1/Team', { name });
        expect(bad.statusCode, String(name)).to.equal(400);
        expect(bad.json().code).to.equal('ERR_TEAM_INVALID');
        expect(bad.json().fields.name).to.contain(field);
      }
      expect((await call('POST', '/api/v1/Team', { name: 'é'.repeat(255) })).statusCode).to.equal(201);
      expect((await call('GET', '/api/v1/Team')).json().total).to.equal(2);
    });

    it('rename keeps the id and the memberships; refuses a name another team has; may change case', async () => {
      const sales = (await call('GET', '/api/v1/Team')).json().list[0];
      await call('POST', '/api/v1/Team', { name: 'Support' });
      const renamed = await call('PATCH', `/api/v1/Team/${sales.id}`, { name: 'Sales EMEA' });
      expect(renamed.statusCode, renamed.body).to.equal(200);
      expect(renamed.json()).to.include({ id: sales.id, name: 'Sales EMEA', memberCount: 1 });
      const aliceView = (await call('GET', `/api/v1/User/${alice.id}`)).json();
      expect(aliceView.teams).to.deep.equal([{ id: sales.id, name: 'Sales EMEA', source: 'manual' }]);
      const taken = await call('PUT', `/api/v1/Team/${sales.id}`, { name: 'SUPPORT' });
      expect(taken.statusCode).to.equal(409);
      expect((await call('PATCH', `/api/v1/Team/${sales.id}`, { name: 'sales emea' })).json().name).to.equal(
        'sales emea',
      );
      expect((await call('PATCH', '/api/v1/Team/nope', { name: 'Z' })).statusCode).to.equal(404);
    });

    it('delete removes the memberships and answers how many', async () => {
      const bob = await createUser(fx.host, 'bob', null, 'regular', ['Sales', 'Other']);
      const sales = (await fx.host.container.get<TeamDirectory>(TYPES.TeamDirectory).findByName('Sales'))!;
      expect(sales.memberCount).to.equal(2);
      const deleted = await call('DELETE', `/api/v1/Team/${sales.id}`);
      expect(deleted.json()).to.deep.equal({ deleted: true, removedMemberships: 2 });
      expect(await fx.host.persistence.em().count(TeamMembership, { team: sales.id })).to.equal(0);
      expect(await fx.host.persistence.em().count(TeamMembership, { user: bob.id })).to.equal(1);
      expect((await call('DELETE', `/api/v1/Team/${sales.id}`)).statusCode).to.equal(404);
      expect((await call('GET', '/api/v1/Team')).json().list.map((t: { name: string }) => t.name)).to.deep.equal([
        'Other',
      ]);
    });
  });

  describe('users', () => {
    it('lists type, active, teams with their source and identity links; searches', async () => {
      const em = fx.host.persistence.em();
      const team = em.create(Team, { name: 'Mapped', description: null, createdAt: new Date() } as never);
      em.persist(team);
      em.persist(em.create(TeamMembership, { user: alice.id, team, source: 'oidc', createdAt: new Date() }));
      await em.flush();
      links.links.push({
        id: 'link-1',
        userId: alice.id,
        issuer: 'https://idp.example.com',
        subject: 'sub-alice',
        providerId: null,
        linkedAt: new Date(Date.UTC(2026, 0, 2)),
        lastLoginAt: new Date(Date.UTC(2026, 0, 3)),
      });
      const list = (await call('GET', '/api/v1/User')).json();
      expect(list.total).to.equal(2);
      const a = list.list.find((u: { userName: string }) => u.userName === 'alice');
      expect(a).to.include({ type: 'regular', isActive: true, hasPassword: true });
      expect(a).to.not.have.property('passwordHash');
      expect(a.teams.map((t: { name: string; source: string }) => `${t.name}:${t.source}`)).to.deep.equal([
        'Mapped:oidc',
        'Sales:manual',
      ]);
      expect(a.identityLinks).to.deep.equal([
        {
          source: 'oidc',
          id: 'link-1',
          issuer: 'https://idp.example.com',
          subject: 'sub-alice',
          providerId: null,
          linkedAt: '2026-01-02T00:00:00.000Z',
          lastLoginAt: '2026-01-03T00:00:00.000Z',
        },
      ]);
      const found = (await call('GET', '/api/v1/User?q=ALI')).json();
      expect(found.list.map((u: { userName: string }) => u.userName)).to.deep.equal(['alice']);
      expect((await call('GET', '/api/v1/User?q=%25')).json().total, 'a % is literal').to.equal(0);
      expect((await call('GET', '/api/v1/User/alice')).json().id, 'by user name').to.equal(alice.id);
      expect((await call('GET', '/api/v1/User/ghost')).json().code).to.equal('ERR_USER_NOT_FOUND');
    });

    it('deactivate ends the sessions (listeners told) and refuses sign-in; activate lets the user back', async () => {
      const session = await login(fx.app, 'alice', 'alice-pass-1');
      const me = () => fx.app.inject({ method: 'GET', url: '/api/v1/App/user', headers: as(session, false) });
      expect((await me()).statusCode).to.equal(200);
      const done = await call('POST', `/api/v1/User/${alice.id}/deactivate`);
      expect(done.statusCode, done.body).to.equal(200);
      expect(done.json()).to.include({ isActive: false, endedSessions: 1 });
      expect(ended).to.deep.equal([{ userId: alice.id, reason: 'admin' }]);
      expect((await me()).statusCode).to.equal(401);
      const refused = await fx.app.inject({
        method: 'POST',
        url: '/api/v1/App/login',
        payload: { userName: 'alice', password: 'alice-pass-1' },
      });
      expect(refused.statusCode).to.equal(401);
      expect((await call('POST', `/api/v1/User/${alice.id}/activate`)).json().isActive).to.equal(true);
      await login(fx.app, 'alice', 'alice-pass-1');
    });

    it('never deactivates the last active admin, nor the acting admin', async () => {
      const self = await call('POST', `/api/v1/User/${root.id}/deactivate`);
      expect(self.statusCode).to.equal(409);
      expect(self.json().code).to.equal('ERR_USER_DEACTIVATE_SELF');
      // Another admin tries to deactivate root while root is the only other active admin: fine once, then
      // the last one is refused.
      const ada = await createUser(fx.host, 'ada', 'ada-pass-123', 'admin');
      const adaSession = await login(fx.app, 'ada', 'ada-pass-123');
      expect((await call('POST', `/api/v1/User/${root.id}/deactivate`, undefined, adaSession)).statusCode).to.equal(
        200,
      );
      const tokens = fx.host.container.get<AuthTokenManager>(TYPES.AuthTokenManager);
      expect(await tokens.find(admin.cookie), "root's session ended").to.equal(null);
      const users = await import('../../src/users/user-admin-service.js');
      const service = new users.UserAdminService({
        get: (id) => fx.host.container.get(id),
        getAll: (id) => fx.host.container.getAll(id, { optional: true }),
        isBound: (id) => fx.host.container.isBound(id),
      });
      const last = await service.deactivate(ada.id).catch((e: unknown) => e);
      expect(last).to.have.property('code', 'ERR_USER_LAST_ADMIN');
      expect((last as Error).message).to.contain('"ada" is the last active administrator');
      expect((await call('GET', `/api/v1/User/${ada.id}`, undefined, adaSession)).json().isActive).to.equal(true);
      // an inactive admin can always be deactivated again (idempotent), a regular user whatever the admins
      expect((await call('POST', `/api/v1/User/${alice.id}/deactivate`, undefined, adaSession)).statusCode).to.equal(
        200,
      );
    });

    it('two admins deactivating each other at the same time: one wins, one active admin stays', async () => {
      const ada = await createUser(fx.host, 'ada', 'ada-pass-123', 'admin');
      const adaSession = await login(fx.app, 'ada', 'ada-pass-123');
      const [a, b] = await Promise.all([
        call('POST', `/api/v1/User/${ada.id}/deactivate`),
        call('POST', `/api/v1/User/${root.id}/deactivate`, undefined, adaSession),
      ]);
      expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).to.deep.equal([200, 409]);
      expect(await fx.host.persistence.em().count(User, { type: 'admin', isActive: true })).to.equal(1);
    });

    it('adds and removes a manual membership; refuses a duplicate, an unknown team, a missing one', async () => {
      await call('POST', '/api/v1/Team', { name: 'Support' });
      const added = await call('POST', `/api/v1/User/${alice.id}/teams`, { team: 'support' });
      expect(added.statusCode, added.body).to.equal(201);
      expect(added.json()).to.include({ name: 'Support', source: 'manual' });
      const again = await call('POST', `/api/v1/User/${alice.id}/teams`, { teamId: added.json().id });
      expect(again.statusCode).to.equal(409);
      expect(again.json().message).to.contain('already in team "Support" (source: manual)');
      expect((await call('POST', `/api/v1/User/${alice.id}/teams`, { teamId: 'nope' })).json().code).to.equal(
        'ERR_TEAM_NOT_FOUND',
      );
      expect((await call('POST', `/api/v1/User/${alice.id}/teams`, {})).statusCode).to.equal(400);
      const removed = await call('DELETE', `/api/v1/User/${alice.id}/teams/${added.json().id}`);
      expect(removed.json()).to.include({ removed: true, name: 'Support', source: 'manual' });
      expect((await call('DELETE', `/api/v1/User/${alice.id}/teams/${added.json().id}`)).statusCode).to.equal(404);
      expect(
        (await call('GET', `/api/v1/User/${alice.id}`)).json().teams.map((t: { name: string }) => t.name),
      ).to.deep.equal(['Sales']);
    });

    it('unlink removes the identity link and ends only the sessions of that identity', async () => {
      links.links.push({
        id: 'link-1',
        userId: alice.id,
        issuer: 'https://idp.example.com',
        subject: 'sub-alice',
        providerId: null,
        linkedAt: new Date(),
        lastLoginAt: null,
      });
      const tokens = fx.host.container.get<AuthTokenManager>(TYPES.AuthTokenManager);
      const viaIdp = await tokens.create({
        userId: alice.id,
        method: 'Oidc',
        idp: { issuer: 'https://idp.example.com', sub: 'sub-alice' },
      });
      const viaPassword = await login(fx.app, 'alice', 'alice-pass-1');
      expect((await call('DELETE', `/api/v1/User/${root.id}/identity-links/link-1`)).statusCode, 'not root’s').to.equal(
        404,
      );
      const done = await call('DELETE', `/api/v1/User/${alice.id}/identity-links/link-1`);
      expect(done.statusCode, done.body).to.equal(200);
      expect(done.json()).to.deep.include({ unlinked: true, endedSessions: 1 });
      expect(done.json().link).to.include({ issuer: 'https://idp.example.com', subject: 'sub-alice' });
      expect(links.links).to.have.length(0);
      expect(await tokens.find(viaIdp.token)).to.equal(null);
      expect(await tokens.find(viaPassword.cookie)).to.not.equal(null);
      expect((await call('DELETE', `/api/v1/User/${alice.id}/identity-links/link-1`)).json().code).to.equal(
        'ERR_IDENTITY_LINK_NOT_FOUND',
      );
    });
  });
});
