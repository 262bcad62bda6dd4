import type { EntityManager } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';

export type DatabasePlatform = 'sqlite' | 'mysql';

/** Access to the host database (MikroORM 6). */
export interface Persistence {
  readonly platform: DatabasePlatform;
  /** A fresh EntityManager fork: one unit of work. */
  em(): EntityManager;
  /** Runs `fn` in a transaction on a fresh fork; commits when it resolves, rolls back when it throws. */
  transactional<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** The query builder, for work the ORM does not express (bulk deletes, upserts). */
  knex(): Knex;
}

/**
 * A schema migration, run from code by the host (`crm-host migrate`, at start, and by the extension
 * manager on install). Names sort in the order they apply and are unique per owner (`host` or the
 * extension name). Use the knex schema builder so the same migration runs on SQLite and MySQL/MariaDB.
 */
export interface Migration {
  readonly name: string;
  up(ctx: MigrationContext): Promise<void>;
  /** Undo `up`; used when an install is rolled back and when an extension is uninstalled. */
  down?(ctx: MigrationContext): Promise<void>;
}

export interface MigrationContext {
  readonly knex: Knex;
  readonly platform: DatabasePlatform;
}
