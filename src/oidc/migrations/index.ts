import type { Migration } from 'crm-host/sdk';
import { createLoginTransactionsMigration } from './create-login-transactions.js';
import { createTestLoginDraftsMigration } from './create-test-login-drafts.js';

/** Migrations of the login flow, in order (the runner sorts by name). */
export const OIDC_MIGRATIONS: readonly Migration[] = [createLoginTransactionsMigration, createTestLoginDraftsMigration];
