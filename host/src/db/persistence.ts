import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { DatabasePlatform, Persistence } from '../../sdk/persistence.js';

/** {@link Persistence} over one MikroORM instance. */
export class OrmPersistence implements Persistence {
  constructor(
    readonly orm: MikroORM,
    readonly platform: DatabasePlatform,
  ) {}

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
