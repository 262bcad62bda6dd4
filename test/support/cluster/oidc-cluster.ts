import { ProgrammaticBrowser } from '../browser/programmatic-browser.js';
import { startFakeOp, type FakeOp } from '../fake-op/fake-op.js';
import { startCluster, type Cluster, type ClusterOptions } from './cluster.js';

const CLIENT_ID = 'crm';
const CLIENT_SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';

export interface OidcCluster {
  readonly cluster: Cluster;
  readonly op: FakeOp;
  /** A browser whose cookies hold for every port of 127.0.0.1 (balancer and processes alike). */
  browser(): ProgrammaticBrowser;
  /** Starts a login through the balancer; stops before the callback unless `finish`. */
  login(browser: ProgrammaticBrowser, finish?: boolean): Promise<Outcome & { callbackUrl: string | undefined }>;
  /** Requests a callback URL on `base` (a process or the balancer). */
  callback(browser: ProgrammaticBrowser, callbackUrl: string, base: string): Promise<Outcome>;
  /** Active host sessions in the shared database. */
  activeSessions(): Promise<number>;
  stop(): Promise<void>;
}

export interface Outcome {
  readonly status: number;
  readonly code: string | undefined;
  readonly session: boolean;
}

const outcomeOf = (
  browser: ProgrammaticBrowser,
  base: string,
  response: { status: number; body: string } | undefined,
): Outcome => ({
  status: response?.status ?? 0,
  code: /data-code="([^"]+)"/.exec(response?.body ?? '')?.[1],
  session: browser.cookies.get(base, 'crm_session') !== undefined,
});

/** N host processes on one database behind the balancer, configured for a fake OP running in this process. */
export async function startOidcCluster(options: ClusterOptions): Promise<OidcCluster> {
  const op = await startFakeOp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, alg: 'RS256' });
  let cluster: Cluster;
  try {
    cluster = await startCluster(options);
  } catch (error) {
    await op.stop();
    throw error;
  }
  await cluster.any().call({
    type: 'config.set',
    values: {
      authenticationMethod: 'Oidc',
      oidcClientId: CLIENT_ID,
      oidcClientSecret: CLIENT_SECRET,
      oidcIssuer: op.issuer,
      oidcAuthorizationEndpoint: op.endpoints.authorization,
      oidcTokenEndpoint: op.endpoints.token,
      oidcUserInfoEndpoint: op.endpoints.userinfo,
      oidcJwksEndpoint: op.endpoints.jwks,
      oidcScopes: ['profile', 'email'],
      oidcCreateUser: true,
    },
  });
  await Promise.all(cluster.processes.map((p) => p.call({ type: 'config.refresh' })));
  const browsers: ProgrammaticBrowser[] = [];
  return {
    cluster,
    op,
    browser() {
      const b = new ProgrammaticBrowser({ cookieScope: 'host', timeoutMs: 15_000 });
      browsers.push(b);
      return b;
    },
    async login(browser, finish = false) {
      const callback = `${cluster.url}/oauth-callback`;
      const r = await browser.login(`${cluster.url}/oidc/login?returnTo=/`, {
        login: 'alice',
        stopAt: finish ? undefined : (u) => u.startsWith(callback),
      });
      return { ...outcomeOf(browser, cluster.url, r.response), callbackUrl: r.stoppedAt };
    },
    async callback(browser, callbackUrl, base) {
      const url = new URL(callbackUrl);
      const r = await browser.navigate(`${base}${url.pathname}${url.search}`);
      return outcomeOf(browser, base, r.response);
    },
    async activeSessions() {
      const rows = await cluster
        .any()
        .sql<{ n: number | string }>('SELECT COUNT(*) AS n FROM auth_tokens WHERE is_active = 1');
      return Number(rows[0]!.n);
    },
    async stop() {
      for (const b of browsers) b.close();
      await cluster.stop();
      await op.stop();
    },
  };
}
