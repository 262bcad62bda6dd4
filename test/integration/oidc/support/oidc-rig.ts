import { AuthToken, Team, TYPES, User, type AuthTokenManager, type ConfigValue } from 'crm-host/sdk';
import type { TestHost, TestHostOptions } from 'crm-host/testing';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import {
  DEFAULT_OIDC_CLIENT_OPTIONS,
  OIDC_CLIENT_TYPES,
  type OidcClientOptions,
} from '../../../../src/oidc/client/index.js';
import { DEFAULT_FLOW_OPTIONS, type OidcFlowOptions } from '../../../../src/oidc/flow-options.js';
import { OIDC_TYPES } from '../../../../src/oidc/tokens.js';
import { ProgrammaticBrowser } from '../../../support/browser/programmatic-browser.js';
import type { OidcProviderIdp } from '../../../support/idp/idp-api.js';
import { bootOidcHost } from '../../../support/oidc-host.js';

/** A booted host with the extension, the HTTP server listening, and OIDC as the active method. */
export interface OidcRig {
  host: TestHost;
  server: RunningServer;
  /** e.g. `http://127.0.0.1:41234` (also the configured siteUrl). */
  base: string;
  redirectUri: string;
  configure(values: Record<string, ConfigValue | undefined>): Promise<void>;
  createTeams(...names: string[]): Promise<void>;
  userByName(userName: string): Promise<User | null>;
  teamsOf(userName: string): Promise<string[]>;
  activeSessions(): Promise<AuthToken[]>;
  /** One entry per attempt (aggregated failure rows repeated), ordered by last attempt, newest last. */
  authLog(): Promise<Array<{ result: string; reasonCode: string | null; userName: string | null }>>;
  stop(): Promise<void>;
}

export interface RigOptions extends TestHostOptions {
  /** Initial settings (merged over `authenticationMethod: 'Oidc'` and `siteUrl`). */
  settings?: Record<string, ConfigValue | undefined>;
  /** Protocol client tunables (e.g. short timeouts for the slow-endpoint rows). */
  clientOptions?: Partial<OidcClientOptions>;
  /** Flow tunables; the per-address start limit is off by default (every test browser is 127.0.0.1). */
  flow?: Partial<OidcFlowOptions>;
}

export async function startOidcRig(options: RigOptions = {}): Promise<OidcRig> {
  const { settings, clientOptions, flow, ...hostOptions } = options;
  const host = await bootOidcHost(withHttp({ ...hostOptions }));
  host.container
    .rebind(OIDC_TYPES.FlowOptions)
    .toConstantValue({ ...DEFAULT_FLOW_OPTIONS, maxStartsPerIpPerMinute: 0, ...flow });
  if (clientOptions) {
    host.container
      .rebind(OIDC_CLIENT_TYPES.Options)
      .toConstantValue({ ...DEFAULT_OIDC_CLIENT_OPTIONS, ...clientOptions });
  }
  const server = await startHttpServer(host, { port: 0 });
  const base = server.url;
  const configure = async (values: Record<string, ConfigValue | undefined>): Promise<void> => {
    await host.config.set(values);
  };
  await configure({ authenticationMethod: 'Oidc', siteUrl: base, ...settings });
  const em = () => host.persistence.em();
  return {
    host,
    server,
    base,
    redirectUri: `${base}/oauth-callback`,
    configure,
    async createTeams(...names) {
      const fork = em();
      for (const name of names) {
        const team = new Team();
        team.name = name;
        fork.persist(team);
      }
      await fork.flush();
    },
    userByName: (userName) => em().findOne(User, { userName }),
    async teamsOf(userName) {
      const rows = (await host.persistence
        .knex()('team_memberships as m')
        .join('teams as t', 't.id', 'm.team_id')
        .join('users as u', 'u.id', 'm.user_id')
        .where('u.user_name', userName)
        .select('t.name')) as Array<{ name: string }>;
      return rows.map((r) => r.name).sort();
    },
    activeSessions: () => em().find(AuthToken, { isActive: true }, { populate: ['user'] }),
    async authLog() {
      // One entry per attempt: failures are aggregated per address, reason and window (attempt_count), so
      // a row is repeated attempt_count times, rows ordered by their last attempt (the newest last).
      const rows = (await host.persistence
        .knex()('auth_log_records')
        .select('result', 'reason_code as reasonCode', 'user_name as userName', 'attempt_count as attempts')
        .orderByRaw('coalesce(last_seen_at, created_at) asc, id asc')) as Array<{
        result: string;
        reasonCode: string | null;
        userName: string | null;
        attempts: number | string;
      }>;
      return rows.flatMap(({ attempts, ...row }) => Array.from({ length: Number(attempts) || 1 }, () => row));
    },
    async stop() {
      await server.close();
      await host.cleanup();
    },
  };
}

/**
 * An oidc-provider IdP's issuer and its authorization, token and JWKS endpoints as settings; with
 * `userInfo`, its userinfo endpoint too (without, the extension reads no userinfo).
 */
export function idpEndpointSettings(
  idp: OidcProviderIdp,
  options: { userInfo?: boolean } = {},
): Record<string, string> {
  return {
    oidcIssuer: idp.issuer,
    oidcAuthorizationEndpoint: idp.endpoints.authorization,
    oidcTokenEndpoint: idp.endpoints.token,
    ...(options.userInfo ? { oidcUserInfoEndpoint: idp.endpoints.userinfo } : {}),
    oidcJwksEndpoint: idp.endpoints.jwks,
  };
}

/**
 * The settings that point a rig at an oidc-provider IdP for the client `crm` with `secret`: the site URL
 * (the rig's), issuer, authorization/token/JWKS endpoints (no userinfo), RS256 ID tokens, admins may sign in.
 */
export function idpClientSettings(rig: OidcRig, idp: OidcProviderIdp, secret: string): Record<string, ConfigValue> {
  return {
    siteUrl: rig.base,
    ...idpEndpointSettings(idp),
    oidcClientId: 'crm',
    oidcClientSecret: secret,
    oidcJwtSignatureAlgorithmList: ['RS256'],
    oidcAllowAdminUser: true,
  };
}

/** An admin's browser on the settings page (a password session), as the test-login specs use it. */
export interface AdminBrowser {
  readonly browser: ProgrammaticBrowser;
  readonly adminId: string;
  /** The session's CSRF token (from `GET /api/v1/App/user`). */
  readonly csrf: string;
}

/**
 * Creates the active admin `userName` (default `root-admin`, the IdP account of the same sub signs in as
 * them) and a browser holding a password session of theirs on `rig` (cookies host-scoped: shared by every
 * port, like a browser's).
 */
export async function adminBrowser(rig: OidcRig, userName = 'root-admin'): Promise<AdminBrowser> {
  const em = rig.host.persistence.em();
  const admin = Object.assign(new User(), { userName, type: 'admin' as const, isActive: true });
  em.persist(admin);
  await em.flush();
  const { token } = await rig.host.container
    .get<AuthTokenManager>(TYPES.AuthTokenManager)
    .create({ userId: admin.id, method: 'Password' });
  const browser = new ProgrammaticBrowser({ cookieScope: 'host' });
  browser.cookies.set(rig.base, 'crm_session', token);
  const me = await browser.request(`${rig.base}/api/v1/App/user`);
  if (me.status !== 200) throw new Error(`admin session: ${me.status} ${me.body}`);
  return { browser, adminId: admin.id, csrf: (me.json as { csrfToken: string }).csrfToken };
}

/** The settings page's "Test login": `POST /api/v1/Oidc/testLogin` `{ values }` (unsaved values over the saved). */
export function draftTestLogin(admin: AdminBrowser, base: string, values: Record<string, unknown>) {
  return admin.browser.request(`${base}/api/v1/Oidc/testLogin`, {
    method: 'POST',
    body: JSON.stringify({ values }),
    headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf },
  });
}
