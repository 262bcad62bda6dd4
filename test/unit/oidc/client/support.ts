import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AlgorithmRegistry,
  builtInImplementations,
  JwksSourcePool,
  JwtVerifierFactory,
} from '../../../../src/jwt/index.js';
import { NodeHttpClient, type HttpClient } from '../../../../src/net/index.js';
import {
  ClientAuthRegistry,
  ClientSecretBasic,
  ClientSecretJwt,
  ClientSecretPost,
  DEFAULT_OIDC_CLIENT_OPTIONS,
  HttpDiscoveryClient,
  HttpTokenClient,
  HttpUserInfoClient,
  PrivateKeyJwt,
  SignedUserInfoVerifier,
  type OidcClientOptions,
} from '../../../../src/oidc/client/index.js';
import { OIDC_SETTING_DEFAULTS, type OidcSettings } from '../../../../src/settings/index.js';
import type { FakeOp } from '../../../support/fake-op/fake-op.js';
import { ManualClock, RecordingLogger, instancePaths, metadataWith } from '../../jwt/support/fakes.js';

/** Short budgets so timeout tests stay fast (the fake OP's `slow` waits far longer). */
export const TEST_OPTIONS: OidcClientOptions = {
  ...DEFAULT_OIDC_CLIENT_OPTIONS,
  tokenTimeoutMs: 300,
  userInfoTimeoutMs: 300,
  discoveryTimeoutMs: 300,
};

export const REDIRECT_URI = 'http://127.0.0.1:9/oauth-callback';

/** Complete OIDC settings (the reader's output shape) for a fake OP or a plain issuer. */
export function settingsFor(
  op: Pick<FakeOp, 'issuer' | 'clientId' | 'clientSecret' | 'endpoints'> | null,
  extra: Partial<OidcSettings> = {},
): OidcSettings {
  const issuer = op?.issuer ?? 'https://idp.example.test';
  return {
    clientId: op?.clientId ?? 'crm',
    trustedAudiences: [],
    clientSecret: op?.clientSecret ?? 'secret-0123456789',
    issuer,
    redirectUri: REDIRECT_URI,
    authorizationEndpoint: op?.endpoints.authorization ?? `${issuer}/authorize`,
    tokenEndpoint: op?.endpoints.token ?? `${issuer}/token`,
    userInfoEndpoint: op?.endpoints.userinfo ?? `${issuer}/userinfo`,
    jwksEndpoint: op?.endpoints.jwks ?? `${issuer}/jwks`,
    jwtSignatureAlgorithmList: ['RS256'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientAssertionAlgorithm: 'RS256',
    clientPrivateKey: null,
    clientPrivateKeyId: null,
    scopes: ['openid', 'email'],
    usernameClaim: 'sub',
    createUser: false,
    sync: false,
    syncClearOnNull: false,
    teams: [],
    groupClaim: null,
    syncTeams: false,
    fallback: true,
    allowRegularUserFallback: false,
    allowAdminUser: false,
    linkByEmail: false,
    logoutUrl: null,
    authorizationPrompt: null,
    authorizationPkce: true,
    authorizationMaxAge: null,
    jwksCachePeriodMs: 600_000,
    clockToleranceMs: 60_000,
    allowHttp: false,
    providerLabel: null,
    ...extra,
  };
}

export interface ClientKit {
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly registry: AlgorithmRegistry;
  readonly auth: ClientAuthRegistry;
  readonly tokens: HttpTokenClient;
  readonly userInfo: HttpUserInfoClient;
  readonly discovery: HttpDiscoveryClient;
  dispose(): void;
}

/** The client domain wired by hand (what bindOidcClient binds), with the real bounded HTTP client. */
export function clientKit(
  options: { http?: HttpClient; options?: Partial<OidcClientOptions>; clock?: ManualClock } = {},
): ClientKit {
  const clock = options.clock ?? new ManualClock(Date.now());
  const logger = new RecordingLogger();
  const root = mkdtempSync(path.join(tmpdir(), 'oidc-client-'));
  const registry = new AlgorithmRegistry(metadataWith(), builtInImplementations(), logger, instancePaths(root));
  const opts = { ...TEST_OPTIONS, ...options.options };
  const http = options.http ?? new NodeHttpClient();
  const auth = new ClientAuthRegistry([
    new ClientSecretBasic(),
    new ClientSecretPost(),
    new ClientSecretJwt(registry, clock, opts),
    new PrivateKeyJwt(registry, clock, opts),
  ]);
  return {
    clock,
    logger,
    registry,
    auth,
    tokens: new HttpTokenClient(http, auth, opts),
    userInfo: new HttpUserInfoClient(
      http,
      opts,
      new SignedUserInfoVerifier(
        new JwtVerifierFactory(registry, new JwksSourcePool(http, clock, logger), clock),
        registry,
      ),
    ),
    discovery: new HttpDiscoveryClient(http, clock, logger, opts),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs the fake OP's /authorize (it answers 302 straight back) and returns a fresh code with its PKCE verifier. */
export async function codeFrom(op: FakeOp): Promise<{ code: string; codeVerifier: string }> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const url = new URL(op.endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: op.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid email profile',
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (!code) throw new Error(`test setup: no code from the fake OP (${response.status} ${location ?? ''})`);
  return { code, codeVerifier };
}

/** Awaits a rejection and returns the error. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; oauthError?: string | null; reason?: string | null }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; oauthError?: string | null; reason?: string | null };
  }
  throw new Error('expected a rejection');
}

export { OIDC_SETTING_DEFAULTS };
