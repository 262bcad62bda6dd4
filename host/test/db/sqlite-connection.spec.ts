import type { MikroORM } from '@mikro-orm/core';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { createOrm, sqliteConnectionPragmas } from '../../src/db/orm.js';

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
  return { journal: journal!.journal_mode, synchronous: Number(sync!.synchronous), foreignKeys: Number(fk!.foreign_keys) };
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
});
