import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { DatabasePlatform, Persistence } from '../../sdk/persistence.js';
import { withWriteLock } from './write-lock.js';

/** {@link Persistence} over one MikroORM instance. */
export class OrmPersistence implements Persistence {
  constructor(
    readonly orm: MikroORM,
    readonly platform: DatabasePlatform,
    /** The SQLite file (or null for MySQL and `:memory:`), for {@link serialWrite}. */
    private readonly sqliteFile: string | null = null,
  ) {}

  /** Runs host-internal write work one at a time per SQLite file in this process (see write-lock.ts). */
  serialWrite<T>(fn: () => Promise<T>): Promise<T> {
    return withWriteLock(this.sqliteFile, fn);
  }

  em(): EntityManager {
    return this.orm.em.fork();
  }

  transactional<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional((em) => fn(em));
  }

  knex(): Knex {
    return (this.orm.em as unknown as SqlEntityManager).getKnex();
  }
}
