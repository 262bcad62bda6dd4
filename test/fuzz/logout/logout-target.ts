import type { FastifyInstance } from 'fastify';
import { withHttp } from 'crm-host/internal/http/core-module';
import { buildHttpApp } from 'crm-host/internal/http/server';
import type { TestHost } from 'crm-host/testing';
import { DEFAULT_REFUSAL_LIMITS } from '../../../src/logout/refusal-limiter.js';
import { LOGOUT_TYPES } from '../../../src/logout/tokens.js';
import { DEFAULT_FLOW_OPTIONS } from '../../../src/oidc/flow-options.js';
import { OIDC_TYPES } from '../../../src/oidc/tokens.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { LOGOUT_MATRIX_ROWS, type LogoutMatrixRow } from '../../support/fake-op/matrix-rows.js';
import { bootOidcHost } from '../../support/oidc-host.js';

export const CLIENT_ID = 'crm-fuzz';
const CLIENT_SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';

/** OIDC settings of the host for a fake OP (what an admin would save). */
export function settingsFor(op: FakeOp): Record<string, unknown> {
  return {
    authenticationMethod: 'Oidc',
    oidcClientId: CLIENT_ID,
    oidcClientSecret: CLIENT_SECRET,
    oidcIssuer: op.issuer,
    oidcAuthorizationEndpoint: op.endpoints.authorization,
    oidcTokenEndpoint: op.endpoints.token,
    oidcUserInfoEndpoint: op.endpoints.userinfo,
    oidcJwksEndpoint: op.endpoints.jwks,
    oidcJwtSignatureAlgorithmList: ['RS256'],
    oidcCreateUser: true,
  };
}

/** Logout tokens minted once per run: valid ones, and one per matrix row the RP must refuse. */
export interface TokenPool {
  readonly valid: string[];
  /** Tokens of matrix rows whose outcome is 400, with the row id. */
  readonly refused: { row: string; token: string }[];
}

export interface LogoutTarget {
  readonly app: FastifyInstance;
  readonly op: FakeOp;
  readonly host: TestHost;
  readonly pool: TokenPool;
  /** A fresh valid logout token (own jti) with the given claim overrides (undefined deletes). */
  mint(claims: Record<string, unknown>): Promise<string>;
  /**
   * Drops what the harness itself records while it runs: the test host's captured log lines and the fake
   * OP's recorded requests, codes and tokens. Long runs call it between batches, so that the heap bound
   * measures the host, not its test doubles (see docs/benchmarks.md, Fuzzing).
   */
  purge(): void;
  dispose(): Promise<void>;
}

const refusable = (row: LogoutMatrixRow): boolean =>
  row.outcome === 400 && row.defects !== undefined && !row.delivery && !row.idTokenInstead && !row.claims;

/** The host (extension + HTTP routes, in-process, embedded DB) configured for a fake OP. */
export async function logoutTarget(): Promise<LogoutTarget> {
  const op = await startFakeOp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, alg: 'RS256' });
  let host: TestHost | undefined;
  try {
    host = await bootOidcHost(withHttp({ siteUrl: 'http://127.0.0.1:8080' }));
    await host.config.set(settingsFor(op) as never);
    // The callback fuzzer starts hundreds of logins from one address: no per-address cap on starts.
    host.container
      .rebind(OIDC_TYPES.FlowOptions)
      .toConstantValue(Object.freeze({ ...DEFAULT_FLOW_OPTIONS, maxStartsPerIpPerMinute: 0 }));
    // Nor on refused back-channel requests: the logout fuzzer sends thousands from one address.
    host.container
      .rebind(LOGOUT_TYPES.RefusalLimits)
      .toConstantValue(Object.freeze({ ...DEFAULT_REFUSAL_LIMITS, maxRefusals: Number.MAX_SAFE_INTEGER }));
    const app = await buildHttpApp(host);
    const valid = await Promise.all([0, 1, 2].map(() => op.logoutToken({ sid: 'sid-fuzz' })));
    const refused = await Promise.all(
      LOGOUT_MATRIX_ROWS.filter(refusable).map(async (row) => ({
        row: row.id,
        token: await op.logoutToken({ sid: 'sid-fuzz', defects: row.defects }),
      })),
    );
    const started = host;
    return {
      app,
      op,
      host,
      pool: { valid, refused },
      mint: (claims) => op.logoutToken({ sid: 'sid-fuzz', claims }),
      purge() {
        started.logs.length = 0;
        op.resetCounts();
        op.forgetGrants();
      },
      async dispose() {
        await app.close();
        await started.cleanup();
        await op.stop();
      },
    };
  } catch (error) {
    await host?.cleanup();
    await op.stop();
    throw error;
  }
}
