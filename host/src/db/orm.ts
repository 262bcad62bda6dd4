import { MikroORM, type Options } from '@mikro-orm/core';
import { HOST_ENTITIES } from '../../sdk/entities/index.js';
import type { Logger } from '../../sdk/logger.js';
import { type DatabaseTarget } from './database-url.js';
import { INTERNAL_ENTITIES } from './internal-entities.js';
import { fixMariaDbIntrospection, fixSqliteIntrospection } from './platform-fixes.js';

export type EntityClass = abstract new (...args: never[]) => unknown;

export interface OrmFactoryOptions {
  target: DatabaseTarget;
  /** Entities added by extensions. */
  entities?: readonly EntityClass[];
  logger?: Logger;
}

/** Every entity the host registers: host entities, host-internal tables, then extension entities. */
export function allEntities(extra: readonly EntityClass[] = []): EntityClass[] {
  return [...HOST_ENTITIES, ...INTERNAL_ENTITIES, ...extra];
}

/**
 * Settings every embedded-database connection gets when it opens. The libsql dialect replaces a file
 * connection once it is 10 s old, and MikroORM sets `foreign_keys` only on the first one, so they must be
 * applied per connection, not once. File databases run in write-ahead-log mode with `synchronous =
 * NORMAL`: a commit appends to the log instead of writing, syncing and deleting a rollback journal,
 * readers in other host processes no longer wait for a writer, and a crash can lose at most the last
 * commits before the OS flushed them, never corrupt the file (SQLite's documented guarantee for WAL +
 * NORMAL). `:memory:` databases have no journal to tune.
 */
export function sqliteConnectionPragmas(file: string): string[] {
  const pragmas = ['pragma foreign_keys = on'];
  if (file !== ':memory:') pragmas.push('pragma journal_mode = wal', 'pragma synchronous = normal');
  return pragmas;
}

interface SqliteConnection {
  exec(sql: string): unknown;
  prepare(sql: string): unknown;
}

/** Statements kept prepared per embedded-database connection (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 256;
const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i;
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

/**
 * Keeps the connection's prepared statements for reuse: the knex dialect prepares every statement again
 * on each call, which cost about a tenth of a login's host CPU on `bench:login`. Only data statements are
 * kept (not BEGIN/COMMIT, DDL or pragmas) and the cache is dropped whenever a schema statement runs, so a migration
 * never meets a statement prepared against the old schema. Safe because the dialect runs each statement to
 * completion (`all`/`run`) before the next call on the same single connection.
 */
export function cachePreparedStatements(connection: SqliteConnection, size = STATEMENT_CACHE_SIZE): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    if (!CACHEABLE.test(sql)) {
      if (SCHEMA_CHANGE.test(sql)) cache.clear();
      return prepare(sql);
    }
    const cached = cache.get(sql);
    if (cached !== undefined) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    cache.set(sql, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return statement;
  };
}

/** Opens MikroORM on libsql (embedded) or MySQL/MariaDB. Schema comes from migrations, never from sync. */
export async function createOrm(options: OrmFactoryOptions): Promise<MikroORM> {
  const common = {
    entities: allEntities(options.entities) as unknown as Options['entities'],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    ensureDatabase: false,
    debug: false,
    forceUtcTimezone: true,
    logger: (message: string) => options.logger?.debug(message),
  } satisfies Partial<Options>;
  const { target } = options;
  if (target.platform === 'sqlite') {
    const { LibSqlDriver } = await import('@mikro-orm/libsql');
    const orm = await MikroORM.init({
      ...common,
      driver: LibSqlDriver,
      dbName: target.file,
      // One connection: `:memory:` is per connection, and SQLite writes are serialized anyway.
      pool: {
        min: 1,
        max: 1,
        afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) {
          try {
            for (const pragma of sqliteConnectionPragmas(target.file)) connection.exec(pragma);
            cachePreparedStatements(connection);
            done(null, connection);
          } catch (error) {
            done(error as Error, connection);
          }
        },
      },
      // How long (ms) to wait for another process's write lock before failing with "database is locked".
      driverOptions: { connection: { timeout: 5000 } },
    } as Options);
    fixSqliteIntrospection(orm);
    return orm;
  }
  const { MySqlDriver } = await import('@mikro-orm/mysql');
  const orm = await MikroORM.init({
    ...common,
    driver: MySqlDriver,
    dbName: target.database,
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    charset: 'utf8mb4',
    collate: 'utf8mb4_unicode_ci',
    pool: { min: 0, max: 10 },
    driverOptions: target.socketPath ? { connection: { socketPath: target.socketPath } } : undefined,
  } as Options);
  try {
    await fixMariaDbIntrospection(orm);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}
