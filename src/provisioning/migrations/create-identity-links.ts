import type { Migration } from 'crm-host/sdk';
import { IDENTITY_LINKS_TABLE } from '../entities/IdentityLink.js';

/**
 * Creates `oidc_identity_links` with the knex schema builder (SQLite and MySQL/MariaDB). Index and key
 * names follow the ORM's naming, so the ORM schema diff is empty after migrating.
 */
export const createIdentityLinksMigration: Migration = {
  name: '20261123-0001-create-oidc-identity-links',
  async up({ knex, platform }) {
    await knex.schema.createTable(IDENTITY_LINKS_TABLE, (table) => {
      if (platform === 'mysql') {
        table.charset('utf8mb4');
        table.collate('utf8mb4_unicode_ci');
        table.engine('InnoDB');
      }
      table.string('id', 36).notNullable().primary();
      table.string('issuer', 255).notNullable();
      table.string('sub', 255).notNullable();
      table.string('user_id', 36).notNullable();
      table.string('provider_id', 36).nullable();
      table.string('provider_key', 36).notNullable().defaultTo('');
      table.datetime('created_at').notNullable();
      table.datetime('last_login_at').nullable();
      table.index(['user_id'], `${IDENTITY_LINKS_TABLE}_user_id_index`);
      table
        .foreign('user_id', `${IDENTITY_LINKS_TABLE}_user_id_foreign`)
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
        .onUpdate('CASCADE');
      table.unique(['issuer', 'sub', 'provider_key'], { indexName: 'oidc_identity_links_identity_unique' });
    });
  },
  async down({ knex }) {
    await knex.schema.dropTableIfExists(IDENTITY_LINKS_TABLE);
  },
};

/** The provisioning domain's migrations, in the order they apply. */
export const PROVISIONING_MIGRATIONS: readonly Migration[] = [createIdentityLinksMigration];
