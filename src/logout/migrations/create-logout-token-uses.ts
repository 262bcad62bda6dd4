import type { Migration } from 'crm-host/sdk';
import { LOGOUT_TOKEN_USES_TABLE } from '../entities/LogoutTokenUse.js';

/** Creates `oidc_logout_token_uses` (knex schema builder: SQLite and MySQL/MariaDB). */
export const createLogoutTokenUsesMigration: Migration = {
  name: '20261123-0101-create-oidc-logout-token-uses',
  async up({ knex, platform }) {
    await knex.schema.createTable(LOGOUT_TOKEN_USES_TABLE, (table) => {
      if (platform === 'mysql') {
        table.charset('utf8mb4');
        table.collate('utf8mb4_bin');
        table.engine('InnoDB');
      }
      table.string('id', 64).notNullable().primary();
      table.datetime('expires_at').notNullable();
      table.datetime('created_at').notNullable();
      table.index(['expires_at'], 'oidc_logout_token_uses_expires_at_index');
    });
  },
  async down({ knex }) {
    await knex.schema.dropTableIfExists(LOGOUT_TOKEN_USES_TABLE);
  },
};

export const LOGOUT_MIGRATIONS: readonly Migration[] = [createLogoutTokenUsesMigration];
