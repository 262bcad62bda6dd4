import type { Migration } from 'crm-host/sdk';
import { LOGIN_TRANSACTIONS_TABLE as T } from '../entities/LoginTransaction.js';

/** Creates `oidc_login_transactions` (knex schema builder: SQLite and MySQL/MariaDB). */
export const createLoginTransactionsMigration: Migration = {
  name: '20261123-0101-create-oidc-login-transactions',
  async up({ knex, platform }) {
    await knex.schema.createTable(T, (table) => {
      if (platform === 'mysql') {
        table.charset('utf8mb4');
        table.collate('utf8mb4_unicode_ci');
        table.engine('InnoDB');
      }
      table.string('id', 36).notNullable().primary();
      table.string('state_hash', 64).notNullable();
      table.string('nonce', 64).notNullable();
      table.string('code_verifier', 128).notNullable();
      table.string('browser_hash', 64).notNullable();
      table.string('provider_id', 36).nullable();
      table.string('expected_issuer', 255).notNullable();
      table.string('redirect_uri', 1000).notNullable();
      table.string('return_to', 1000).notNullable();
      table.string('mode', 16).notNullable();
      table.integer('max_age').nullable();
      table.boolean('pkce').notNullable();
      table.bigInteger('created_at').notNullable();
      table.bigInteger('expires_at').notNullable();
      table.bigInteger('consumed_at').nullable();
      table.unique(['state_hash'], { indexName: `${T}_state_hash_unique` });
      table.index(['browser_hash'], `${T}_browser_hash_index`);
      table.index(['expires_at'], `${T}_expires_at_index`);
    });
  },
  async down({ knex }) {
    await knex.schema.dropTableIfExists(T);
  },
};
