import type { Migration } from 'crm-host/sdk';
import { IDENTITY_LINKS_TABLE } from '../entities/IdentityLink.js';

/** Creates `oidc_identity_links` (knex schema builder: SQLite and MySQL/MariaDB). */
export const createIdentityLinksMigration: Migration = {
  name: '20261123-0001-create-oidc-identity-links',
  async up({ knex }) {
    await knex.schema.createTable(IDENTITY_LINKS_TABLE, (table) => {
      table.string('id', 36).primary();
      table.string('issuer', 255).notNullable();
      table.string('sub', 255).notNullable();
      table.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
      table.string('provider_id', 36).nullable();
      table.string('provider_key', 36).notNullable().defaultTo('');
      table.datetime('created_at').notNullable();
      table.datetime('last_login_at').nullable();
      table.unique(['issuer', 'sub', 'provider_key'], { indexName: 'oidc_identity_links_identity_unique' });
      table.index(['user_id'], 'oidc_identity_links_user_id_index');
    });
  },
  async down({ knex }) {
    await knex.schema.dropTableIfExists(IDENTITY_LINKS_TABLE);
  },
};

/** The provisioning domain's migrations, in the order they apply. */
export const PROVISIONING_MIGRATIONS: readonly Migration[] = [createIdentityLinksMigration];
