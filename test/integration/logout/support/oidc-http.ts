import { TYPES, User, type AuthTokenManager, type LoginMethod, type UserType } from 'crm-host/sdk';
import { withHttp } from 'crm-host/internal/http/core-module';
import { startHttpServer, type RunningServer } from 'crm-host/internal/http/server';
import type { TestHost, TestHostOptions } from 'crm-host/testing';
import { IdentityLink } from '../../../../src/provisioning/entities/IdentityLink.js';
import { startFakeOp, type FakeOp } from '../../../support/fake-op/fake-op.js';
import { bootOidcHost } from '../../../support/oidc-host.js';

export const CLIENT_ID = 'crm';
export const CLIENT_SECRET = 'a-long-ascii-secret-0123456789-abcdefghij';

/** A host with the extension and the HTTP layer, listening on loopback, configured for a fake OP. */
export interface OidcHttpFixture {
  readonly host: TestHost;
  readonly server: RunningServer;
  readonly op: FakeOp;
  readonly tokens: AuthTokenManager;
  /** `server.url` + path. */
  url(path: string): string;
  close(): Promise<void>;
}

export async function startOidcHttp(
  options: TestHostOptions & {
    op?: FakeOp;
    settings?: Record<string, unknown>;
    /** Runs after boot, before the HTTP app is built (e.g. to rebind options). */
    beforeServer?: (host: TestHost) => void;
  } = {},
): Promise<OidcHttpFixture> {
  const op = options.op ?? (await startFakeOp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, alg: 'RS256' }));
  const { op: _op, settings, beforeServer, ...hostOptions } = options;
  const host = await bootOidcHost(withHttp({ siteUrl: 'http://127.0.0.1:8181', ...hostOptions }));
  await host.config.set({
    oidcClientId: op.clientId,
    oidcClientSecret: op.clientSecret,
    oidcIssuer: op.issuer,
    oidcAuthorizationEndpoint: op.endpoints.authorization,
    oidcTokenEndpoint: op.endpoints.token,
    oidcJwksEndpoint: op.endpoints.jwks,
    oidcJwtSignatureAlgorithmList: [op.alg],
    ...(settings as Record<string, never>),
  });
  beforeServer?.(host);
  const server = await startHttpServer(host, { port: 0 });
  return {
    host,
    server,
    op,
    tokens: host.container.get<AuthTokenManager>(TYPES.AuthTokenManager),
    url: (path) => `${server.url}${path}`,
    async close() {
      await server.close();
      await host.cleanup();
      if (!options.op) await op.stop();
    },
  };
}

export async function createUser(
  host: TestHost,
  userName: string,
  options: { type?: UserType; link?: { issuer: string; sub: string } } = {},
): Promise<User> {
  const em = host.persistence.em();
  const user = Object.assign(new User(), { userName, name: userName, type: options.type ?? 'regular' });
  em.persist(user);
  if (options.link) em.persist(new IdentityLink({ ...options.link, user }));
  await em.flush();
  return user;
}

/**
 * The sign-out tests exercise the extension's own Oidc LoginMethod (its afterLogout delegates to the
 * EndSessionRedirect): fail, rather than stand in for it, when the host has not bound it.
 */
export function expectOidcLoginMethodBound(host: TestHost): void {
  const bound = host.container.getAll<LoginMethod>(TYPES.LoginMethod, { optional: true }).map((m) => m.name);
  if (!bound.includes('Oidc')) throw new Error(`the Oidc LoginMethod is not bound (bound: ${bound.join(', ')})`);
}

/** A session created the way the OIDC callback creates one. */
export async function oidcSession(
  fx: OidcHttpFixture,
  user: User,
  idp: { sub: string; sid?: string | null; idToken?: string | null; issuer?: string },
): Promise<string> {
  const { token } = await fx.tokens.create({
    userId: user.id,
    method: 'Oidc',
    ipAddress: '127.0.0.1',
    idp: { issuer: idp.issuer ?? fx.op.issuer, sub: idp.sub, sid: idp.sid ?? null, idToken: idp.idToken ?? null },
  });
  return token;
}

/** Whether a session cookie token still finds an active session. */
export async function alive(fx: OidcHttpFixture, token: string): Promise<boolean> {
  return (await fx.tokens.find(token)) !== null;
}
