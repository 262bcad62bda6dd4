import type { Knex } from '@mikro-orm/knex';
import type { DatabasePlatform, Migration, MigrationContext } from '../../sdk/persistence.js';

/** Owner name of the host's own migrations in the `migrations` table. */
export const HOST_MIGRATION_OWNER = 'host';

function tableOptions(t: Knex.CreateTableBuilder, platform: DatabasePlatform): void {
  if (platform === 'mysql') {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.engine('InnoDB');
  }
}

function uuid(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return t.string(name, 36);
}

function fk(
  t: Knex.CreateTableBuilder,
  table: string,
  column: string,
  target: string,
  onDelete: 'CASCADE' | 'SET NULL',
): void {
  t.index([column], `${table}_${column}_index`);
  t.foreign(column, `${table}_${column}_foreign`)
    .references('id')
    .inTable(target)
    .onDelete(onDelete)
    .onUpdate('CASCADE');
}

/**
 * 0001: every table of HOST_ENTITIES plus `config`. Written with the knex schema builder so that the same
 * code runs on SQLite and MySQL/MariaDB; names of indexes and keys follow the ORM's naming so that the
 * ORM schema diff is empty after migrating.
 */
const initialSchema: Migration = {
  name: '0001-initial-schema',
  async up({ knex, platform }: MigrationContext): Promise<void> {
    await knex.schema.createTable('config', (t) => {
      tableOptions(t, platform);
      t.string('key', 191).notNullable().primary();
      t.text('value').notNullable();
      t.datetime('modified_at').notNullable();
    });
    await knex.schema.createTable('users', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      t.string('user_name', 255).notNullable().unique({ indexName: 'users_user_name_unique' });
      t.string('name', 255).nullable();
      t.string('first_name', 100).nullable();
      t.string('last_name', 100).nullable();
      t.string('email_address', 255).nullable();
      t.string('phone_number', 64).nullable();
      t.boolean('is_active').notNullable().defaultTo(knex.raw('true'));
      t.enu('type', ['admin', 'regular', 'portal', 'api']).notNullable().defaultTo('regular');
      t.string('password_hash', 255).nullable();
      t.datetime('created_at').notNullable();
      t.datetime('modified_at').notNullable();
      t.index(['type'], 'users_type_index');
    });
    await knex.schema.createTable('teams', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      t.string('name', 255).notNullable().unique({ indexName: 'teams_name_unique' });
      t.string('description', 1000).nullable();
      t.datetime('created_at').notNullable();
    });
    await knex.schema.createTable('team_memberships', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      uuid(t, 'user_id').notNullable();
      uuid(t, 'team_id').notNullable();
      t.string('source', 32).notNullable().defaultTo('manual');
      t.datetime('created_at').notNullable();
      fk(t, 'team_memberships', 'user_id', 'users', 'CASCADE');
      fk(t, 'team_memberships', 'team_id', 'teams', 'CASCADE');
      t.unique(['user_id', 'team_id'], { indexName: 'team_memberships_user_id_team_id_unique' });
    });
    await knex.schema.createTable('auth_tokens', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      t.string('token_hash', 64).notNullable().unique({ indexName: 'auth_tokens_token_hash_unique' });
      uuid(t, 'user_id').notNullable();
      t.string('method', 32).notNullable();
      t.boolean('is_active').notNullable().defaultTo(knex.raw('true'));
      t.datetime('created_at').notNullable();
      t.datetime('last_access').notNullable();
      t.string('ip_address', 45).nullable();
      t.string('idp_issuer', 255).nullable();
      t.string('idp_sid', 255).nullable();
      t.string('idp_sub', 255).nullable();
      t.string('idp_provider_id', 36).nullable();
      t.text('id_token').nullable();
      fk(t, 'auth_tokens', 'user_id', 'users', 'CASCADE');
      t.index(['idp_issuer', 'idp_sid'], 'auth_tokens_idp_issuer_idp_sid_index');
      t.index(['idp_issuer', 'idp_sub'], 'auth_tokens_idp_issuer_idp_sub_index');
    });
    await knex.schema.createTable('auth_log_records', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      t.string('user_name', 255).nullable();
      uuid(t, 'user_id').nullable();
      t.string('method', 32).notNullable();
      t.string('result', 16).notNullable();
      t.string('reason_code', 64).nullable();
      t.string('ip_address', 45).nullable();
      t.datetime('created_at').notNullable();
      fk(t, 'auth_log_records', 'user_id', 'users', 'SET NULL');
      t.index(['created_at'], 'auth_log_records_created_at_index');
    });
    await knex.schema.createTable('extensions', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      t.string('name', 100).notNullable().unique({ indexName: 'extensions_name_unique' });
      t.string('version', 64).notNullable();
      t.integer('order').notNullable().defaultTo(knex.raw('50'));
      t.json('files').notNullable();
      t.boolean('is_installed').notNullable().defaultTo(knex.raw('true'));
      t.datetime('installed_at').notNullable();
    });
  },
  async down({ knex }: MigrationContext): Promise<void> {
    for (const table of [
      'extensions',
      'auth_log_records',
      'auth_tokens',
      'team_memberships',
      'teams',
      'users',
      'config',
    ]) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};

/** 0002: portals, their users (join table) and the portal of a session (`auth_tokens.portal_id`). */
const portals: Migration = {
  name: '0002-portals',
  async up({ knex, platform }: MigrationContext): Promise<void> {
    await knex.schema.createTable('portals', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      t.string('name', 255).notNullable();
      t.string('url_id', 64).notNullable().unique({ indexName: 'portals_url_id_unique' });
      t.boolean('is_active').notNullable().defaultTo(knex.raw('true'));
      t.string('authentication_provider_id', 36).nullable();
      t.datetime('created_at').notNullable();
      t.datetime('modified_at').notNullable();
    });
    await knex.schema.createTable('portal_users', (t) => {
      tableOptions(t, platform);
      uuid(t, 'id').notNullable().primary();
      uuid(t, 'portal_id').notNullable();
      uuid(t, 'user_id').notNullable();
      t.datetime('created_at').notNullable();
      fk(t, 'portal_users', 'portal_id', 'portals', 'CASCADE');
      fk(t, 'portal_users', 'user_id', 'users', 'CASCADE');
      t.unique(['portal_id', 'user_id'], { indexName: 'portal_users_portal_id_user_id_unique' });
    });
    await knex.schema.alterTable('auth_tokens', (t) => {
      t.string('portal_id', 36).nullable();
    });
  },
  async down({ knex }: MigrationContext): Promise<void> {
    await knex.schema.alterTable('auth_tokens', (t) => {
      t.dropColumn('portal_id');
    });
    await knex.schema.dropTableIfExists('portal_users');
    await knex.schema.dropTableIfExists('portals');
  },
};

/**
 * 0003: aggregated failure rows of the authentication log (`attempt_count`, `last_seen_at`, unique
 * `window_key`) and `login_attempts`, the password sign-in attempts reserved per window (shared by every
 * host process).
 */
const floodLimits: Migration = {
  name: '0003-flood-limits',
  async up({ knex, platform }: MigrationContext): Promise<void> {
    await knex.schema.alterTable('auth_log_records', (t) => {
      t.integer('attempt_count').notNullable().defaultTo(knex.raw('1'));
      t.datetime('last_seen_at').nullable();
      t.string('window_key', 64).nullable().unique({ indexName: 'auth_log_records_window_key_unique' });
    });
    await knex.schema.createTable('login_attempts', (t) => {
      tableOptions(t, platform);
      t.string('id', 191).notNullable().primary();
      t.integer('attempts').notNullable();
      t.datetime('expires_at').notNullable();
      t.index(['expires_at'], 'login_attempts_expires_at_index');
    });
  },
  async down({ knex }: MigrationContext): Promise<void> {
    await knex.schema.dropTableIfExists('login_attempts');
    await knex.schema.alterTable('auth_log_records', (t) => {
      t.dropUnique(['window_key'], 'auth_log_records_window_key_unique');
    });
    await knex.schema.alterTable('auth_log_records', (t) => {
      t.dropColumn('window_key');
      t.dropColumn('last_seen_at');
      t.dropColumn('attempt_count');
    });
  },
};

/** 0004: `detail` of an authentication log row (e.g. the teams a sign-in created). */
const authLogDetail: Migration = {
  name: '0004-auth-log-detail',
  async up({ knex }: MigrationContext): Promise<void> {
    await knex.schema.alterTable('auth_log_records', (t) => {
      t.string('detail', 500).nullable();
    });
  },
  async down({ knex }: MigrationContext): Promise<void> {
    await knex.schema.alterTable('auth_log_records', (t) => {
      t.dropColumn('detail');
    });
  },
};

/** The host's migrations, in the order they apply. */
export const HOST_MIGRATIONS: readonly Migration[] = [initialSchema, portals, floodLimits, authLogDetail];

/** Creates the `migrations` bookkeeping table when missing (it must exist before anything can be recorded). */
export async function ensureMigrationsTable(knex: Knex, platform: DatabasePlatform): Promise<void> {
  if (await knex.schema.hasTable('migrations')) return;
  try {
    await knex.schema.createTable('migrations', (t) => {
      tableOptions(t, platform);
      t.string('owner', 100).notNullable();
      t.string('name', 191).notNullable();
      t.datetime('applied_at').notNullable();
      t.primary(['owner', 'name']);
    });
  } catch (error) {
    // Another process created it between the check and the create.
    if (!(await knex.schema.hasTable('migrations'))) throw error;
  }
}
