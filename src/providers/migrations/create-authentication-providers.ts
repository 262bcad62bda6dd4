import type { Migration } from 'crm-host/sdk';
import { AUTHENTICATION_PROVIDERS_TABLE } from '../entities/AuthenticationProvider.js';

/** Creates `oidc_authentication_providers` (SQLite and MySQL/MariaDB; names follow the ORM's). */
export const createAuthenticationProvidersMigration: Migration = {
  name: '20261123-0201-create-oidc-authentication-providers',
  async up({ knex, platform }) {
    await knex.schema.createTable(AUTHENTICATION_PROVIDERS_TABLE, (table) => {
      if (platform === 'mysql') {
        table.charset('utf8mb4');
        table.collate('utf8mb4_unicode_ci');
        table.engine('InnoDB');
      }
      table.string('id', 36).notNullable().primary();
      table.string('name', 255).notNullable();
      table.string('method', 32).notNullable().defaultTo('Oidc');
      table.json('values').notNullable();
      table.datetime('created_at').notNullable();
      table.datetime('modified_at').notNullable();
    });
  },
  async down({ knex }) {
    await knex.schema.dropTableIfExists(AUTHENTICATION_PROVIDERS_TABLE);
  },
};

export const PROVIDER_MIGRATIONS: readonly Migration[] = [createAuthenticationProvidersMigration];
