import type { Knex } from '@mikro-orm/knex';
import { HostError } from '../../sdk/errors.js';
import type { Logger } from '../../sdk/logger.js';
import type { Migration, MigrationContext, Persistence } from '../../sdk/persistence.js';
import { ensureMigrationsTable } from './host-migrations.js';
import { serialWrite } from './write-lock.js';

const LOCK_NAME = 'crm_host_migrations';
const LOCK_TIMEOUT_SECONDS = 120;

function checkNames(owner: string, migrations: readonly Migration[]): Migration[] {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (typeof m?.name !== 'string' || m.name.length === 0 || m.name.length > 191 || typeof m.up !== 'function') {
      throw new HostError('ERR_MIGRATION_INVALID', `A migration of "${owner}" has no valid name or up()`, {
        status: 500,
      });
    }
    if (seen.has(m.name)) {
      throw new HostError('ERR_MIGRATION_INVALID', `Migration "${m.name}" of "${owner}" is listed twice`, {
        status: 500,
      });
    }
    seen.add(m.name);
  }
  return [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Names of the migrations of `owner` recorded as applied. */
export async function appliedMigrations(persistence: Persistence, owner: string): Promise<string[]> {
  const knex = persistence.knex();
  if (!(await knex.schema.hasTable('migrations'))) return [];
  const rows = (await knex('migrations').select('name').where({ owner }).orderBy('name')) as { name: string }[];
  return rows.map((r) => r.name);
}

/**
 * Holds the MySQL named lock `crm_host_migrations` (on a dedicated connection) while `fn` runs, so that two
 * host processes starting together do not apply the same migration twice. SQLite needs no lock: its writes
 * are serialized by the database file lock and each migration runs in a transaction.
 */
async function withMigrationLock<T>(persistence: Persistence, fn: () => Promise<T>): Promise<T> {
  if (persistence.platform !== 'mysql') return fn();
  const knex = persistence.knex();
  const client = knex.client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    const [rows] = (await knex
      .raw('SELECT GET_LOCK(?, ?) AS got', [LOCK_NAME, LOCK_TIMEOUT_SECONDS])
      .connection(connection)) as [{ got: number | null }[]];
    if (Number(rows[0]?.got) !== 1) {
      throw new HostError('ERR_MIGRATION_LOCKED', 'Another host process is running migrations; try again later', {
        status: 503,
      });
    }
    try {
      return await fn();
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [LOCK_NAME]).connection(connection);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

async function inStep(persistence: Persistence, work: (knex: Knex) => Promise<void>): Promise<void> {
  const knex = persistence.knex();
  // MySQL commits DDL implicitly, so a transaction would not make the step atomic there.
  if (persistence.platform === 'mysql') return work(knex);
  await serialWrite(persistence, () => knex.transaction(async (trx) => work(trx)));
}

class AlreadyApplied extends Error {}

/**
 * Applies one migration. On SQLite the bookkeeping row is written FIRST inside the transaction: that takes
 * the database write lock, so a second process waits, then finds the row and skips the migration.
 */
async function applyOne(persistence: Persistence, owner: string, migration: Migration): Promise<boolean> {
  const record = { owner, name: migration.name, applied_at: new Date() };
  if (persistence.platform === 'mysql') {
    await migration.up(context(persistence.knex(), persistence));
    await persistence.knex()('migrations').insert(record);
    return true;
  }
  try {
    await serialWrite(persistence, () =>
      persistence.knex().transaction(async (trx) => {
        await trx('migrations').insert(record).onConflict(['owner', 'name']).ignore();
        // 0 changes: another process recorded (and applied) it while we waited for the write lock.
        const changes = (await trx.raw('select changes() as c')) as { c: number }[];
        if (Number(changes[0]?.c) !== 1) throw new AlreadyApplied();
        await migration.up(context(trx, persistence));
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof AlreadyApplied) return false;
    throw error;
  }
}

function context(knex: Knex, persistence: Persistence): MigrationContext {
  return { knex, platform: persistence.platform };
}

/**
 * Applies the pending `migrations` of `owner` in name order, each with its bookkeeping row in one
 * transaction where the platform allows. Returns the names applied now (empty when up to date).
 */
export async function runMigrations(
  persistence: Persistence,
  owner: string,
  migrations: readonly Migration[],
  logger?: Logger,
): Promise<string[]> {
  const sorted = checkNames(owner, migrations);
  if (sorted.length === 0) return [];
  await ensureMigrationsTable(persistence.knex(), persistence.platform);
  return withMigrationLock(persistence, async () => {
    const done = new Set(await appliedMigrations(persistence, owner));
    const applied: string[] = [];
    for (const migration of sorted) {
      if (done.has(migration.name)) continue;
      logger?.info('Applying migration', { owner, migration: migration.name });
      try {
        if (!(await applyOne(persistence, owner, migration))) {
          logger?.info('Migration applied meanwhile by another process', { owner, migration: migration.name });
          continue;
        }
      } catch (error) {
        throw new HostError(
          'ERR_MIGRATION_FAILED',
          `Migration "${migration.name}" of "${owner}" failed: ${(error as Error).message}`,
          {
            status: 500,
            cause: error,
          },
        );
      }
      applied.push(migration.name);
    }
    return applied;
  });
}

/**
 * Undoes applied migrations of `owner`: the ones named in `names` (default: every applied one that
 * `migrations` knows), newest first, running each `down` and removing its record. Every migration to
 * revert must have a `down` (checked before anything runs). Returns the names reverted.
 */
export async function revertMigrations(
  persistence: Persistence,
  owner: string,
  migrations: readonly Migration[],
  names?: readonly string[],
  logger?: Logger,
): Promise<string[]> {
  const byName = new Map(checkNames(owner, migrations).map((m) => [m.name, m]));
  return withMigrationLock(persistence, async () => {
    const applied = await appliedMigrations(persistence, owner);
    const wanted = names ? new Set(names) : new Set(byName.keys());
    const targets = applied
      .filter((n) => wanted.has(n))
      .sort()
      .reverse();
    for (const name of targets) {
      if (!byName.get(name)?.down) {
        throw new HostError(
          'ERR_MIGRATION_IRREVERSIBLE',
          `Migration "${name}" of "${owner}" cannot be reverted (no down())`,
          {
            status: 500,
          },
        );
      }
    }
    for (const name of targets) {
      const migration = byName.get(name) as Migration;
      logger?.info('Reverting migration', { owner, migration: name });
      await inStep(persistence, async (knex) => {
        await migration.down?.(context(knex, persistence));
        await knex('migrations').where({ owner, name }).delete();
      });
    }
    return targets;
  });
}
