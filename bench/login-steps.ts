/**
 * CPU per step of a returning user's login inside the host, without HTTP or an IdP: the database-bound
 * steps the callback runs (transaction create + consume, provisioning with profile and team sync, session,
 * auth log), each repeated on a warmed-up host so its CPU time per call can be read directly. A tool for
 * finding where `bench:login`'s host CPU goes.
 *
 *   npm run build && node dist/bench/login-steps.js [--db libsql|mariadb] [--n 500]
 */
import 'reflect-metadata';
import { Team, TYPES, type AuthLog, type AuthTokenManager, type User } from 'crm-host/sdk';
import { mariaDbUnavailableReason } from 'crm-host/testing';
import type { ProvisioningService } from '../src/provisioning/provisioning-service.js';
import { PROVISIONING_TYPES } from '../src/provisioning/tokens.js';
import type { ProvisioningSettings } from '../src/provisioning/types.js';
import type { LoginTransactionStore } from '../src/oidc/transaction-store.js';
import type { OidcSettingsSource } from '../src/oidc/settings-source.js';
import { OIDC_TYPES } from '../src/oidc/tokens.js';
import { randomToken, sha256Hex } from '../src/oidc/random.js';
import { withHttp } from 'crm-host/internal/http/core-module';
import { bootOidcHost } from '../test/support/oidc-host.js';
import { databaseUrl } from './login/setup.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const n = Number(option('n', '500'));
const db = option('db', 'libsql') as 'libsql' | 'mariadb';

const settings: ProvisioningSettings = {
  usernameClaim: 'sub',
  createUser: true,
  sync: true,
  syncClearOnNull: false,
  teams: [
    { group: 'crm-sales', team: 'Sales' },
    { group: '^crm-region-(.+)$', team: 'Region $1', pattern: true },
  ],
  groupClaim: 'groups',
  syncTeams: true,
  allowAdminUser: false,
  fallback: true,
  allowRegularUserFallback: false,
  linkByEmail: false,
};

/** `--only <text>`: run only the steps whose name contains it (e.g. to profile one with --cpu-prof). */
const only = option('only', '');

async function step(name: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  if (only && !name.includes(only)) return;
  for (let i = 0; i < 50; i++) await fn(i); // warm-up
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - t0;
  console.log(
    `${name.padEnd(34)} CPU ${((used.user + used.system) / 1000 / n).toFixed(3)} ms/call   wall ${(wall / n).toFixed(3)} ms/call`,
  );
}

async function main(): Promise<void> {
  if (db === 'mariadb' && mariaDbUnavailableReason()) throw new Error(mariaDbUnavailableReason()!);
  const database = await databaseUrl(db);
  const host = await bootOidcHost(withHttp({ databaseUrl: database.url }));
  try {
    const c = host.container;
    const provisioning = c.get<ProvisioningService>(PROVISIONING_TYPES.ProvisioningService);
    const sessions = c.get<AuthTokenManager>(TYPES.AuthTokenManager);
    const authLog = c.get<AuthLog>(TYPES.AuthLog);
    const store = c.get<LoginTransactionStore>(OIDC_TYPES.LoginTransactionStore);
    const claims = (i: number) => ({
      sub: `bench-user-${i % 8}`,
      name: `Bench User ${i % 8}`,
      email: `bench-user-${i % 8}@example.com`,
      groups: ['crm-sales', `crm-region-${i % 4}`],
    });
    const issuer = 'https://idp.example.com';
    await host.persistence.transactional(async (em) => {
      for (const name of ['Sales', 'Region 0', 'Region 1', 'Region 2', 'Region 3'])
        em.persist(em.create(Team, { name } as never));
    });
    const users: string[] = [];
    for (let i = 0; i < 8; i++) {
      const outcome = await provisioning.provision({ claims: claims(i), issuer, settings });
      users.push(outcome.userId!);
    }
    if (process.argv.includes('--sql')) {
      const knex = host.persistence.knex() as unknown as { on(e: string, f: (q: { sql: string }) => void): void };
      knex.on('query', (q) => console.log(`  sql: ${q.sql.slice(0, 150)}`));
    }
    console.log(`login steps on ${db}, ${n} calls each (CPU = this process, all threads)`);
    const settingsSource = c.get<OidcSettingsSource>(OIDC_TYPES.SettingsSource);
    await host.config.set({
      siteUrl: 'http://127.0.0.1:8080',
      oidcClientId: 'bench',
      oidcClientSecret: 'a-long-ascii-secret-0123456789-abcdef',
      oidcIssuer: 'http://127.0.0.1:9',
      oidcAuthorizationEndpoint: 'http://127.0.0.1:9/auth',
      oidcTokenEndpoint: 'http://127.0.0.1:9/token',
      oidcJwksEndpoint: 'http://127.0.0.1:9/jwks',
    });
    await step('settings read', async () => settingsSource.read(null));
    /** A fresh-binding login transaction for a new browser, as the login start creates one. */
    const createTransaction = () =>
      store.create({
        browserHash: sha256Hex(randomToken()),
        freshBinding: true,
        providerId: null,
        expectedIssuer: issuer,
        redirectUri: 'http://127.0.0.1/oauth-callback',
        returnTo: '/',
        mode: 'login',
        maxAge: null,
        pkce: true,
      });
    await step('transaction create (fresh binding)', createTransaction);
    const states: string[] = [];
    for (let i = 0; i < n + 50; i++) {
      const tx = await createTransaction();
      states.push(tx.state);
    }
    await step('transaction consume', (i) => store.consume(states[i % states.length]!));
    await step('provision (returning, sync on)', (i) =>
      provisioning.provision({ claims: claims(i), issuer, settings }),
    );
    await step('session create', (i) =>
      sessions.create({ userId: users[i % 8]!, method: 'Oidc', ipAddress: '127.0.0.1' }),
    );
    await step('auth log record', (i) =>
      authLog.record({
        method: 'Oidc',
        result: 'success',
        userName: `bench-user-${i % 8}`,
        user: users[i % 8] as string | User,
      }),
    );
  } finally {
    await host.cleanup();
    await database.cleanup();
  }
}

await main();
process.exit();
