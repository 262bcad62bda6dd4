import type { Clock } from 'crm-host/sdk';
import { hashPassword } from 'crm-host/internal/sessions/password';
import { User } from 'crm-host/sdk';
import { ContainerModule } from 'inversify';
import { DEFAULT_OIDC_CLIENT_OPTIONS } from '../../../../src/oidc/client/types.js';
import { OIDC_CLIENT_TYPES } from '../../../../src/oidc/client/tokens.js';
import { ProgrammaticBrowser } from '../../../support/browser/programmatic-browser.js';
import { startFakeOp, type FakeOp } from '../../../support/fake-op/fake-op.js';
import { startOidcRig, type OidcRig } from '../../oidc/support/oidc-rig.js';

export const CLIENT_ID = 'crm';
const CLIENT_SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';
export const ADMIN = { userName: 'admin', password: 'admin-password-for-fallback' };
/** The HTTP budget of the token/userinfo clients in these tests (the fake OP's `slow` waits longer). */
export const CLIENT_TIMEOUT_MS = 300;

/** A host clock the test can move (the fake OP follows with `setClockOffset`). */
export class OffsetClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export interface FaultRig {
  readonly op: FakeOp;
  readonly rig: OidcRig;
  readonly clock: OffsetClock;
  /** Runs one login in a fresh browser; `stopAtCallback` stops before the callback is requested. */
  login(options?: { stopAtCallback?: boolean }): Promise<LoginResult>;
  /** Password login of the admin (the fallback). */
  adminPasswordLogin(): Promise<number>;
  stop(): Promise<void>;
}

export interface LoginResult {
  readonly status: number;
  readonly url: string;
  /** `data-code` of the error page, if one was shown. */
  readonly code: string | undefined;
  readonly session: boolean;
  /** The callback URL, when stopped before it. */
  readonly callbackUrl: string | undefined;
  readonly browser: ProgrammaticBrowser;
}

/** The host (extension, HTTP, database `databaseUrl`) configured for a fake OP, with an admin user. */
export async function startFaultRig(databaseUrl: string, settings: Record<string, unknown> = {}): Promise<FaultRig> {
  const op = await startFakeOp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, alg: 'RS256' });
  const clock = new OffsetClock();
  const options = new ContainerModule(({ bind }) => {
    bind(OIDC_CLIENT_TYPES.Options).toConstantValue({
      ...DEFAULT_OIDC_CLIENT_OPTIONS,
      tokenTimeoutMs: CLIENT_TIMEOUT_MS,
      userInfoTimeoutMs: CLIENT_TIMEOUT_MS,
    });
  });
  const rig = await startOidcRig({ databaseUrl, clock, extraCoreModules: [options] });
  await rig.configure({
    oidcClientId: CLIENT_ID,
    oidcClientSecret: CLIENT_SECRET,
    oidcIssuer: op.issuer,
    oidcAuthorizationEndpoint: op.endpoints.authorization,
    oidcTokenEndpoint: op.endpoints.token,
    oidcUserInfoEndpoint: op.endpoints.userinfo,
    oidcJwksEndpoint: op.endpoints.jwks,
    oidcScopes: ['profile', 'email'],
    oidcCreateUser: true,
    oidcFallback: true,
    ...(settings as Record<string, never>),
  });
  await rig.host.persistence.transactional(async (em) => {
    const passwordHash = await hashPassword(ADMIN.password, { N: 1024, r: 8, p: 1 });
    em.persist(em.create(User, { userName: ADMIN.userName, type: 'admin', name: 'Admin', passwordHash } as never));
  });
  const browsers: ProgrammaticBrowser[] = [];
  return {
    op,
    rig,
    clock,
    async login(loginOptions = {}) {
      const browser = new ProgrammaticBrowser({ timeoutMs: 10_000 });
      browsers.push(browser);
      const callback = `${rig.base}/oauth-callback`;
      const result = await browser.login(`${rig.base}/oidc/login?returnTo=/`, {
        login: 'alice',
        stopAt: loginOptions.stopAtCallback ? (u) => u.startsWith(callback) : undefined,
      });
      const response = result.response;
      return {
        status: response?.status ?? 0,
        url: response?.url ?? '',
        code: /data-code="([^"]+)"/.exec(response?.body ?? '')?.[1],
        session: browser.cookies.get(rig.base, 'crm_session') !== undefined,
        callbackUrl: result.stoppedAt,
        browser,
      };
    },
    async adminPasswordLogin() {
      const browser = new ProgrammaticBrowser();
      browsers.push(browser);
      const r = await browser.request(`${rig.base}/api/v1/App/login`, {
        method: 'POST',
        body: JSON.stringify(ADMIN),
        headers: { 'content-type': 'application/json' },
      });
      return r.status;
    },
    async stop() {
      for (const b of browsers) b.close();
      await rig.stop();
      await op.stop();
    },
  };
}

/** Requests the callback URL in the browser that started the login; returns the outcome like `login`. */
export async function finishCallback(
  rigBase: string,
  browser: ProgrammaticBrowser,
  callbackUrl: string,
): Promise<Omit<LoginResult, 'browser' | 'callbackUrl'>> {
  const result = await browser.navigate(callbackUrl);
  const response = result.response;
  return {
    status: response?.status ?? 0,
    url: response?.url ?? '',
    code: /data-code="([^"]+)"/.exec(response?.body ?? '')?.[1],
    session: browser.cookies.get(rigBase, 'crm_session') !== undefined,
  };
}
