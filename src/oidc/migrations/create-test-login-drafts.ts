import type { Migration } from 'crm-host/sdk';
import { TEST_LOGIN_DRAFTS_TABLE as T } from '../entities/TestLoginDraft.js';

/** Creates `oidc_test_login_drafts` (test-login drafts shared by every host process and the CLI). */
export const createTestLoginDraftsMigration: Migration = {
  name: '20261123-0102-create-oidc-test-login-drafts',
  async up({ knex, platform }) {
    await knex.schema.createTable(T, (table) => {
      if (platform === 'mysql') {
        table.charset('utf8mb4');
        table.collate('utf8mb4_unicode_ci');
        table.engine('InnoDB');
      }
      table.string('id', 32).notNullable().primary();
      table.string('origin', 8).notNullable();
      table.string('admin_id', 36).nullable();
      table.string('admin_user_name', 255).nullable();
      // mediumtext (MariaDB: 16 MiB; SQLite: text affinity): a report carries every claim (large group lists).
      table.specificType('values_json', 'mediumtext').notNullable();
      table.string('fingerprint', 64).notNullable();
      table.bigInteger('created_at').notNullable();
      table.bigInteger('expires_at').notNullable();
      table.specificType('report_json', 'mediumtext').nullable();
      table.bigInteger('finished_at').nullable();
      table.index(['expires_at'], `${T}_expires_at_index`);
    });
  },
  async down({ knex }) {
    await knex.schema.dropTableIfExists(T);
  },
};
