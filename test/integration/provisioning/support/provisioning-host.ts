import { Team } from 'crm-host/sdk';
import type { TestDatabase, TestHost } from 'crm-host/testing';
import type { ProvisioningService } from '../../../../src/provisioning/provisioning-service.js';
import { PROVISIONING_TYPES } from '../../../../src/provisioning/tokens.js';
import { bootOidcHost } from '../../../support/oidc-host.js';

/** The tables a provisioning test writes, children before parents (the order {@link clearTables} deletes in). */
export const PROVISIONING_TABLES = [
  'oidc_identity_links',
  'team_memberships',
  'auth_tokens',
  'auth_log_records',
  'users',
  'teams',
] as const;

/** A host with the extension booted on a fresh database of `db`, and its provisioning service. */
export async function bootProvisioningHost(
  db: TestDatabase,
): Promise<{ host: TestHost; service: ProvisioningService }> {
  const host = await bootOidcHost({ databaseUrl: await db.createUrl() });
  return { host, service: host.container.get<ProvisioningService>(PROVISIONING_TYPES.ProvisioningService) };
}

/** Deletes every row of `tables`, in the order given (children first). */
export async function clearTables(host: TestHost, tables: readonly string[] = PROVISIONING_TABLES): Promise<void> {
  const knex = host.persistence.knex();
  for (const table of tables) await knex(table).del();
}

/** Creates teams by name in one transaction. */
export async function createTeams(host: TestHost, ...names: string[]): Promise<void> {
  await host.persistence.transactional(async (em) => {
    for (const name of names) em.persist(Object.assign(new Team(), { name }));
  });
}
