import { expect } from 'chai';
import { AuthToken, User } from '../../sdk/entities/index.js';
import { insertRow } from '../../src/db/row-insert.js';
import { bootTestHost, forEachDatabase, type TestHost } from '../../src/testing/index.js';

forEachDatabase('insertRow (one INSERT without the unit of work)', (db) => {
  let host: TestHost;
  let userId: string;
  before(async () => {
    host = await bootTestHost({ databaseUrl: await db.createUrl() });
    userId = await host.persistence.transactional(async (em) => {
      const user = Object.assign(new User(), { userName: 'row-insert' });
      em.persist(user);
      return user.id;
    });
  });
  after(async () => host?.cleanup());

  it('writes a row the ORM reads back equal: relation by id, booleans, dates to the millisecond, nulls', async () => {
    const createdAt = new Date('2026-11-23T13:45:07.123Z');
    const session = Object.assign(new AuthToken(), {
      tokenHash: 'a'.repeat(64),
      method: 'Oidc',
      createdAt,
      lastAccess: createdAt,
      idpIssuer: 'https://idp.example.com',
    });
    await insertRow(host.persistence.em(), AuthToken, { ...session, user: userId });
    const read = await host.persistence.em().findOneOrFail(AuthToken, { id: session.id }, { populate: ['user'] });
    expect((read.user as User).id).to.equal(userId);
    expect(read.isActive).to.equal(true);
    expect(read.ipAddress).to.equal(null);
    expect(read.idpIssuer).to.equal('https://idp.example.com');
    // MariaDB's DATETIME keeps whole seconds; SQLite keeps milliseconds: the ORM's own writes do the same.
    const expected = db.label === 'mariadb' ? Math.floor(createdAt.getTime() / 1000) * 1000 : createdAt.getTime();
    expect(read.createdAt.getTime()).to.equal(expected);
  });

  it('refuses a property the entity does not store (nothing written)', async () => {
    const before = await host.persistence.em().count(AuthToken, {});
    let error: unknown;
    try {
      await insertRow(host.persistence.em(), AuthToken, { tokenHash: 'b'.repeat(64), user: userId, nope: 1 });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain('AuthToken.nope is not a stored column');
    expect(await host.persistence.em().count(AuthToken, {})).to.equal(before);
  });
});
