import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';
import { AuthLogRecord, AuthToken, Extension, Team, TeamMembership, User } from '../../sdk/entities/index.js';
import { bootTestHost, forEachDatabase, type TestHost } from '../../src/testing/index.js';

function user(userName: string, extra: Partial<User> = {}): User {
  const u = new User();
  u.userName = userName;
  Object.assign(u, extra);
  return u;
}

function token(u: User, hash: string, idp: Partial<AuthToken> = {}): AuthToken {
  const t = new AuthToken();
  t.user = u;
  t.tokenHash = hash.padEnd(64, '0');
  t.method = 'Oidc';
  Object.assign(t, idp);
  return t;
}

forEachDatabase('host entities', (db) => {
  let host: TestHost;
  before(async () => {
    host = await bootTestHost({ databaseUrl: await db.createUrl() });
  });
  after(async () => host?.cleanup());

  describe('User', () => {
    it('stores a 255-character userName and reads it back unchanged', async () => {
      const long = `${'ü'.repeat(100)}${'a'.repeat(154)}@`;
      expect(long).to.have.length(255);
      await host.persistence.em().persistAndFlush(user(long, { type: 'admin', emailAddress: 'a@example.com' }));
      const found = await host.persistence.em().findOneOrFail(User, { userName: long });
      expect(found.userName).to.equal(long);
      expect(found.isAdmin).to.equal(true);
      expect(found.isActive).to.equal(true);
    });

    it('refuses a duplicate userName with UniqueConstraintViolationException', async () => {
      await host.persistence.em().persistAndFlush(user('dup-user'));
      const error = await host.persistence
        .em()
        .persistAndFlush(user('dup-user'))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(UniqueConstraintViolationException);
    });

    it('refuses a user type outside admin/regular/portal/api', async () => {
      const error = await host.persistence
        .knex()('users')
        .insert({
          id: 'x'.repeat(36),
          user_name: 'bad-type',
          type: 'root',
          is_active: true,
          created_at: new Date(),
          modified_at: new Date(),
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(Error);
    });
  });

  describe('Team and TeamMembership', () => {
    it('links users to teams with a source and allows one link per user and team', async () => {
      const em = host.persistence.em();
      const u = user('team-member');
      const sales = new Team();
      sales.name = 'Sales';
      const support = new Team();
      support.name = 'Support';
      const m1 = new TeamMembership();
      Object.assign(m1, { user: u, team: sales, source: 'oidc' });
      const m2 = new TeamMembership();
      Object.assign(m2, { user: u, team: support });
      await em.persistAndFlush([u, sales, support, m1, m2]);

      const loaded = await host.persistence
        .em()
        .findOneOrFail(User, { userName: 'team-member' }, { populate: ['memberships', 'memberships.team'] });
      const links = loaded.memberships
        .getItems()
        .map((m) => `${m.team.name}:${m.source}`)
        .sort();
      expect(links).to.deep.equal(['Sales:oidc', 'Support:manual']);

      const again = new TeamMembership();
      const em2 = host.persistence.em();
      Object.assign(again, { user: em2.getReference(User, u.id), team: em2.getReference(Team, sales.id) });
      const error = await em2.persistAndFlush(again).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UniqueConstraintViolationException);
    });

    it('removes memberships when the user is deleted (cascade)', async () => {
      const em = host.persistence.em();
      const u = user('leaving-user');
      const team = new Team();
      team.name = 'Cascade team';
      const link = new TeamMembership();
      Object.assign(link, { user: u, team });
      await em.persistAndFlush([u, team, link]);
      await host.persistence.knex()('users').where({ id: u.id }).delete();
      expect(await host.persistence.em().count(TeamMembership, { team: team.id })).to.equal(0);
    });
  });

  describe('AuthToken', () => {
    it('finds sessions by (issuer, sid) and by (issuer, sub), and keeps the ID token lazy', async () => {
      const em = host.persistence.em();
      const u = user('session-user');
      const iss = 'https://idp.example.com/realms/a';
      const t1 = token(u, 'a1', {
        idpIssuer: iss,
        idpSid: 'sid-1',
        idpSub: 'sub-1',
        idToken: 'header.payload.signature',
      });
      const t2 = token(u, 'a2', { idpIssuer: iss, idpSid: 'sid-2', idpSub: 'sub-1' });
      const t3 = token(u, 'a3', { idpIssuer: 'https://other.example.com', idpSid: 'sid-1', idpSub: 'sub-1' });
      await em.persistAndFlush([u, t1, t2, t3]);

      const bySid = await host.persistence.em().find(AuthToken, { idpIssuer: iss, idpSid: 'sid-1' });
      expect(bySid.map((t) => t.id)).to.deep.equal([t1.id]);
      const bySub = await host.persistence
        .em()
        .find(AuthToken, { idpIssuer: iss, idpSub: 'sub-1' }, { orderBy: { tokenHash: 'asc' } });
      expect(bySub.map((t) => t.id)).to.deep.equal([t1.id, t2.id]);

      const fresh = await host.persistence.em().findOneOrFail(AuthToken, t1.id);
      expect(fresh.idToken, 'not loaded unless asked for').to.equal(undefined);
      const withToken = await host.persistence.em().findOneOrFail(AuthToken, t1.id, { populate: ['idToken'] });
      expect(withToken.idToken).to.equal('header.payload.signature');
    });

    it('refuses two sessions with the same token hash', async () => {
      const em = host.persistence.em();
      const u = user('hash-user');
      await em.persistAndFlush([u, token(u, 'samehash')]);
      const em2 = host.persistence.em();
      const error = await em2.persistAndFlush(token(em2.getReference(User, u.id), 'samehash')).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UniqueConstraintViolationException);
    });
  });

  describe('AuthLogRecord', () => {
    it('records attempts with a reason code and keeps them when the user is deleted (user set to null)', async () => {
      const em = host.persistence.em();
      const u = user('logged-user');
      const ok = new AuthLogRecord();
      Object.assign(ok, {
        user: u,
        userName: u.userName,
        method: 'Password',
        result: 'success',
        ipAddress: '2001:db8::1',
      });
      const bad = new AuthLogRecord();
      Object.assign(bad, {
        userName: 'nobody',
        method: 'Oidc',
        result: 'failure',
        reasonCode: 'ERR_OIDC_STATE_MISMATCH',
      });
      await em.persistAndFlush([u, ok, bad]);
      await host.persistence.knex()('users').where({ id: u.id }).delete();
      const rows = await host.persistence
        .em()
        .find(AuthLogRecord, { userName: { $in: ['logged-user', 'nobody'] } }, { orderBy: { userName: 'asc' } });
      expect(rows.map((r) => [r.userName, r.result, r.reasonCode, r.user])).to.deep.equal([
        ['logged-user', 'success', null, null],
        ['nobody', 'failure', 'ERR_OIDC_STATE_MISMATCH', null],
      ]);
    });
  });

  describe('Date properties', () => {
    it('regression, libsql needless updates: entities loaded and flushed unchanged issue no update (created_at read back as a timestamp looked changed)', async () => {
      const u = user('unchanged-user');
      const team = new Team();
      team.name = 'Unchanged team';
      const link = new TeamMembership();
      Object.assign(link, { user: u, team, source: 'oidc' });
      await host.persistence.em().persistAndFlush([u, team, link, token(u, 'unchanged')]);
      const em = host.persistence.em();
      const loaded = await em.findOneOrFail(User, { id: u.id }, { populate: ['memberships', 'memberships.team'] });
      expect(loaded.memberships.getItems().map((m) => m.team.name)).to.deep.equal(['Unchanged team']);
      expect((await em.findOneOrFail(AuthToken, { user: u.id })).method).to.equal('Oidc');
      const writes: string[] = [];
      const listener = (q: { sql: string }): void => {
        if (/^\s*(insert|update|delete)\b/i.test(q.sql)) writes.push(q.sql);
      };
      host.persistence.knex().on('query', listener);
      try {
        await em.flush();
      } finally {
        host.persistence.knex().removeListener('query', listener);
      }
      expect(writes).to.deep.equal([]);
    });

    it("every Date property is declared as type 'Date' (MikroORM compares it by value; a 'datetime' type name does not on SQLite)", () => {
      const metadata = host.persistence.em().getMetadata();
      const misdeclared = Object.values(metadata.getAll()).flatMap((meta) =>
        meta.props
          .filter((p) => p.runtimeType === 'Date' && p.type !== 'Date' && !p.customType)
          .map((p) => `${meta.className}.${p.name} (${p.type})`),
      );
      expect(misdeclared).to.deep.equal([]);
    });
  });

  describe('Extension', () => {
    it('stores installed extensions with their file list, unique by name', async () => {
      const ext = new Extension();
      Object.assign(ext, { name: 'oidc-auth', version: '1.2.3', order: 40, files: ['extension.json', 'src/index.js'] });
      await host.persistence.em().persistAndFlush(ext);
      const found = await host.persistence.em().findOneOrFail(Extension, { name: 'oidc-auth' });
      expect([found.version, found.order, found.files, found.isInstalled]).to.deep.equal([
        '1.2.3',
        40,
        ['extension.json', 'src/index.js'],
        true,
      ]);
      const dup = new Extension();
      Object.assign(dup, { name: 'oidc-auth', version: '2.0.0' });
      const error = await host.persistence
        .em()
        .persistAndFlush(dup)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).to.be.instanceOf(UniqueConstraintViolationException);
    });
  });
});
