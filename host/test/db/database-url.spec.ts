import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import { describeDatabaseUrl, parseDatabaseUrl } from '../../src/db/database-url.js';
import { bootTestHost, createDatabase, mariaDbUnavailableReason, startMariaDb } from '../../src/testing/index.js';

describe('database URLs', () => {
  it('parses the embedded forms; a relative file is under the instance root', () => {
    expect(parseDatabaseUrl('libsql::memory:', '/srv/crm')).to.deep.equal({ platform: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('libsql:data/x.db', '/srv/crm')).to.deep.equal({
      platform: 'sqlite',
      file: '/srv/crm/data/x.db',
    });
    expect(parseDatabaseUrl('file:/var/lib/crm.db', '/srv/crm')).to.deep.equal({
      platform: 'sqlite',
      file: '/var/lib/crm.db',
    });
  });

  it('parses MySQL/MariaDB URLs over TCP and over a unix socket', () => {
    expect(parseDatabaseUrl('mysql://crm:p%40ss@db.local:3307/crm_main', '/')).to.deep.equal({
      platform: 'mysql',
      host: 'db.local',
      port: 3307,
      user: 'crm',
      password: 'p@ss',
      database: 'crm_main',
      socketPath: undefined,
    });
    expect(parseDatabaseUrl('mysql://root@localhost/crm?socket=/run/mysqld/mysqld.sock', '/')).to.include({
      user: 'root',
      password: undefined,
      port: 3306,
      database: 'crm',
      socketPath: '/run/mysqld/mysqld.sock',
    });
  });

  for (const bad of ['postgres://u:p@h/db', 'mysql://u:p@h/', 'mysql://u:p@h/bad name', 'libsql:', 'crm.db']) {
    it(`refuses ${JSON.stringify(bad)} with ERR_DATABASE_URL_INVALID`, () => {
      let error: unknown;
      try {
        parseDatabaseUrl(bad, '/');
      } catch (e) {
        error = e;
      }
      expect(HostError.is(error) && error.code).to.equal('ERR_DATABASE_URL_INVALID');
    });
  }

  it('masks the password when describing a URL', () => {
    expect(describeDatabaseUrl('mysql://crm:s3cret@h:1/db')).to.equal('mysql://crm:***@h:1/db');
    expect(describeDatabaseUrl('mysql://crm:s3c@ret@h:1/db')).not.to.contain('s3c');
    expect(describeDatabaseUrl('libsql:/x.db')).to.equal('libsql:/x.db');
  });

  describe('MariaDB over its unix socket', function () {
    before(function () {
      if (mariaDbUnavailableReason()) this.skip();
      this.timeout(90_000);
    });

    it('boots a host from mysql://root@localhost/<db>?socket=<path> (socket authentication as root)', async function () {
      if (process.getuid?.() !== 0) this.skip();
      const server = await startMariaDb();
      const database = new URL(await createDatabase()).pathname.slice(1);
      const host = await bootTestHost({ databaseUrl: `mysql://root@localhost/${database}?socket=${server.socket}` });
      try {
        expect(host.persistence.platform).to.equal('mysql');
        const [rows] = (await host.persistence.knex().raw('select database() as db')) as [{ db: string }[]];
        expect(rows[0]?.db).to.equal(database);
      } finally {
        await host.cleanup();
      }
    });
  });
});
