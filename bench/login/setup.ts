import { createDatabase, createTempInstance, startMariaDb } from 'crm-host/testing';
import path from 'node:path';
import { freePort, startCluster, type Cluster } from '../../test/support/cluster/cluster.js';
import { startOidcProviderProcess, type IdpProcess } from '../../test/support/idp/idp-process.js';
import { startBaselineRp, type BaselineRp } from './rp-process.js';

export const HOST_CLIENT = 'crm-host-bench';
export const RP_CLIENT = 'openid-client-bench';
const SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';
export const SCOPE = 'openid profile email groups';

export interface Rig {
  readonly idp: IdpProcess;
  readonly host: Cluster;
  readonly rp: BaselineRp;
  stop(): Promise<void>;
}

/** `libsql:<temp file>` or a fresh database on the throwaway MariaDB server. */
export async function databaseUrl(db: 'libsql' | 'mariadb'): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (db === 'mariadb') {
    await startMariaDb();
    return { url: await createDatabase(), cleanup: async () => undefined };
  }
  const dir = await createTempInstance('bench-db-');
  return { url: `libsql:${path.join(dir.root, 'bench.db')}`, cleanup: () => dir.cleanup() };
}

/** Accounts bench-user-0..n-1, each with a name, a verified email and two groups. */
function accounts(n: number) {
  return Array.from({ length: n }, (_v, i) => ({
    sub: `bench-user-${i}`,
    email: `bench-user-${i}@example.test`,
    email_verified: true,
    name: `Bench User ${i}`,
    groups: ['crm-sales', `crm-region-${i % 4}`],
  }));
}

/** The host's OIDC settings for the bench IdP: create users, sync profile and teams from `groups`. */
function hostSettings(idp: IdpProcess): Record<string, unknown> {
  return {
    authenticationMethod: 'Oidc',
    oidcClientId: HOST_CLIENT,
    oidcClientSecret: SECRET,
    oidcIssuer: idp.issuer,
    oidcAuthorizationEndpoint: idp.endpoints.authorization,
    oidcTokenEndpoint: idp.endpoints.token,
    oidcUserInfoEndpoint: idp.endpoints.userinfo,
    oidcJwksEndpoint: idp.endpoints.jwks,
    oidcJwtSignatureAlgorithmList: ['RS256'],
    oidcTokenEndpointAuthMethod: 'client_secret_basic',
    oidcScopes: ['profile', 'email', 'groups'],
    oidcUsernameClaim: 'sub',
    oidcCreateUser: true,
    oidcSync: true,
    oidcGroupClaim: 'groups',
    oidcSyncTeams: true,
    oidcTeams: [
      { group: 'crm-sales', team: 'Sales' },
      { group: '^crm-region-(.+)$', team: 'Region $1', pattern: true },
    ],
    oidcFallback: true,
  };
}

/**
 * One host process on `url`'s database, the openid-client RP and oidc-provider, each in its own process
 * (so CPU figures are per role). Ports are chosen first: the IdP registers both redirect URIs at start.
 */
export async function startRig(dbUrl: string, users: number, execArgv: readonly string[] = []): Promise<Rig> {
  const host = await startCluster({
    processes: 1,
    balancer: false,
    databaseUrl: dbUrl,
    configPollIntervalMs: 1_000,
    execArgv,
    // As `crm-host start` runs (and as the baseline RP process runs): no source-mapped stack traces.
    sourceMaps: false,
    // Every simulated browser comes from 127.0.0.1: the per-address cap on login starts (60/min) is off.
    flowOptions: { maxStartsPerIpPerMinute: 0 },
  });
  let idp: IdpProcess | undefined;
  try {
    const rpPort = await freePort();
    idp = await startOidcProviderProcess({
      skipConsent: true,
      accounts: accounts(users),
      clients: [
        { client_id: HOST_CLIENT, client_secret: SECRET, redirect_uris: [`${host.url}/oauth-callback`] },
        { client_id: RP_CLIENT, client_secret: SECRET, redirect_uris: [`http://127.0.0.1:${rpPort}/cb`] },
      ],
    });
    const rp = await startBaselineRp({
      issuer: idp.issuer,
      clientId: RP_CLIENT,
      clientSecret: SECRET,
      scope: SCOPE,
      port: rpPort,
    });
    await host.processes[0]!.call({ type: 'config.set', values: hostSettings(idp) });
    await host.processes[0]!.call({
      type: 'team.create',
      names: ['Sales', 'Region 0', 'Region 1', 'Region 2', 'Region 3'],
    });
    const started = idp;
    return {
      idp,
      host,
      rp,
      async stop() {
        await rp.stop();
        await host.stop();
        await started.stop();
      },
    };
  } catch (error) {
    await host.stop();
    await idp?.stop();
    throw error;
  }
}
