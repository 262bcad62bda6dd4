import type { MikroORM } from '@mikro-orm/core';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { cachePreparedStatements, createOrm, sqliteConnectionPragmas } from '../../src/db/orm.js';

interface Pragmas {
  journal: string;
  synchronous: number;
  foreignKeys: number;
}

async function pragmas(orm: MikroORM): Promise<Pragmas> {
  const connection = orm.em.getConnection();
  const [journal] = (await connection.execute('pragma journal_mode')) as { journal_mode: string }[];
  const [sync] = (await connection.execute('pragma synchronous')) as { synchronous: number }[];
  const [fk] = (await connection.execute('pragma foreign_keys')) as { foreign_keys: number }[];
  return {
    journal: journal!.journal_mode,
    synchronous: Number(sync!.synchronous),
    foreignKeys: Number(fk!.foreign_keys),
  };
}

describe('embedded database connections', () => {
  let dir: string;
  let orm: MikroORM | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crm-sqlite-'));
  });
  afterEach(async () => {
    sinon.restore();
    await orm?.close(true);
    orm = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('a file database runs in WAL mode with synchronous NORMAL and foreign keys on', async () => {
    orm = await createOrm({ target: { platform: 'sqlite', file: path.join(dir, 'a.db') } });
    expect(await pragmas(orm)).to.deep.equal({ journal: 'wal', synchronous: 1, foreignKeys: 1 });
  });

  // The libsql dialect replaces a file connection once it is 10 s old; MikroORM set `foreign_keys` only on
  // the first connection, so after 10 s foreign keys (and their cascades) silently stopped being enforced
  // and commits went back to a synced rollback journal.
  it('libsql-recycled-connection-loses-pragmas: a replacement connection gets the same settings', async () => {
    orm = await createOrm({ target: { platform: 'sqlite', file: path.join(dir, 'b.db') } });
    await pragmas(orm);
    const clock = sinon.useFakeTimers({ now: Date.now() + 11_000, toFake: ['Date'] });
    try {
      expect(await pragmas(orm)).to.deep.equal({ journal: 'wal', synchronous: 1, foreignKeys: 1 });
    } finally {
      clock.restore();
    }
  });

  it(':memory: databases get foreign keys only (no journal to tune)', () => {
    expect(sqliteConnectionPragmas(':memory:')).to.deep.equal(['pragma foreign_keys = on']);
  });

  describe('prepared-statement cache', () => {
    function fakeConnection() {
      const prepared: string[] = [];
      const connection = {
        exec: () => undefined,
        prepare: (sql: string) => {
          prepared.push(sql);
          return { sql, n: prepared.length };
        },
      };
      return { connection, prepared };
    }

    it('prepares a data statement once and reuses it; BEGIN/COMMIT are never kept', () => {
      const { connection, prepared } = fakeConnection();
      cachePreparedStatements(connection, 8);
      const a = connection.prepare('select * from t where id = ?');
      expect(connection.prepare('select * from t where id = ?')).to.equal(a);
      connection.prepare('BEGIN;');
      connection.prepare('BEGIN;');
      connection.prepare('update t set x = ? where id = ?');
      connection.prepare('update t set x = ? where id = ?');
      expect(prepared).to.deep.equal([
        'select * from t where id = ?',
        'BEGIN;',
        'BEGIN;',
        'update t set x = ? where id = ?',
      ]);
      expect(connection.prepare('select * from t where id = ?'), 'BEGIN did not drop the cache').to.equal(a);
    });

    it('drops the least recently used statement beyond its size, and everything on a schema change', () => {
      const { connection, prepared } = fakeConnection();
      cachePreparedStatements(connection, 2);
      connection.prepare('select 1');
      connection.prepare('select 2');
      connection.prepare('select 1'); // now most recent
      connection.prepare('select 3'); // evicts "select 2"
      connection.prepare('select 1');
      connection.prepare('select 2');
      expect(prepared).to.deep.equal(['select 1', 'select 2', 'select 3', 'select 2']);
      connection.prepare('alter table t add column y text');
      connection.prepare('select 2');
      expect(prepared.slice(-2)).to.deep.equal(['alter table t add column y text', 'select 2']);
    });

    it('a statement cached before a migration sees the new schema after it (real database)', async () => {
      orm = await createOrm({ target: { platform: 'sqlite', file: path.join(dir, 'c.db') } });
      const connection = orm.em.getConnection();
      await connection.execute('create table t (id integer primary key, a text)');
      await connection.execute(`insert into t (id, a) values (1, 'x')`);
      expect(await connection.execute('select * from t where id = ?', [1])).to.deep.equal([{ id: 1, a: 'x' }]);
      await connection.execute('alter table t add column b text');
      await connection.execute(`update t set b = 'y' where id = ?`, [1]);
      expect(await connection.execute('select * from t where id = ?', [1])).to.deep.equal([{ id: 1, a: 'x', b: 'y' }]);
    });
  });
});
