// A development identity provider for the demo: oidc-provider on 127.0.0.1 with the demo users.
// Never for production: in-memory storage, keys generated at every start, plain http on loopback.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { DemoUser } from './demo-data.js';
import { devIdpLoginPage, readFormBody } from './dev-idp-pages.js';

export interface DevIdpOptions {
  readonly users: readonly DemoUser[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** 0: any free port. */
  readonly port?: number;
}

export interface DevIdp {
  readonly issuer: string;
  readonly endpoints: {
    authorization: string;
    token: string;
    userinfo: string;
    jwks: string;
    endSession: string;
  };
  stop(): Promise<void>;
}

const CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  groups: ['groups'],
};

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: `demo-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

function accountClaims(user: DemoUser): Record<string, unknown> {
  return {
    sub: user.login,
    preferred_username: user.login,
    name: user.name,
    email: user.email,
    email_verified: true,
    groups: [...user.groups],
  };
}

function configuration(options: DevIdpOptions, users: Map<string, DemoUser>): Configuration {
  return {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [...options.redirectUris],
        post_logout_redirect_uris: [...options.postLogoutRedirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signingKey()] } as Configuration['jwks'],
    cookies: { keys: [randomBytes(24).toString('base64url')] },
    claims: CLAIMS,
    // groups, email and name also reach the ID token (the test login shows them).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    findAccount: async (_ctx, sub) => {
      const user = users.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => accountClaims(user) as { sub: string } };
    },
    // Demo only: grant the requested scopes without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    // oidc-provider refuses loopback targets (back-channel logout to the host on 127.0.0.1): demo only.
    fetch: (url: string | URL | Request, init?: RequestInit) => {
      const copy = { ...init } as RequestInit & { dispatcher?: unknown };
      delete copy.dispatcher;
      return globalThis.fetch(url, copy);
    },
  };
}

const INTERACTION_SUBMIT = /^\/interaction\/[A-Za-z0-9_-]+$/;

/** Starts the dev IdP; the devInteractions login checks the demo user's password before oidc-provider sees it. */
export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const users = new Map(options.users.map((u) => [u.login, u]));
  let callback: ((req: IncomingMessage, res: ServerResponse) => unknown) | null = null;
  const server = createServer((req, res) => {
    if (!callback) return void res.writeHead(503).end();
    const path = new URL(req.url ?? '/', 'http://idp').pathname;
    if (req.method !== 'POST' || !INTERACTION_SUBMIT.test(path)) return void callback(req, res);
    readFormBody(req)
      .then((body) => {
        const form = new URLSearchParams(body);
        const user = users.get(form.get('login') ?? '');
        if (form.get('prompt') === 'login' && (!user || user.password !== form.get('password'))) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(devIdpLoginPage(path, true));
          return;
        }
        (req as IncomingMessage & { body?: string }).body = body;
        callback?.(req, res);
      })
      .catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const restoreWarn = quietProviderNotices();
  try {
    const { default: Provider } = await import('oidc-provider');
    const provider = new Provider(issuer, configuration(options, users));
    callback = provider.callback();
  } catch (error) {
    restoreWarn();
    server.close();
    throw error;
  }
  return {
    issuer,
    endpoints: {
      authorization: `${issuer}/auth`,
      token: `${issuer}/token`,
      userinfo: `${issuer}/me`,
      jwks: `${issuer}/jwks`,
      endSession: `${issuer}/session/end`,
    },
    async stop() {
      restoreWarn();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** oidc-provider prints WARNING/NOTICE lines about devInteractions and Node 20: expected in the demo. */
function quietProviderNotices(): () => void {
  const { warn, info } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE)/.test(args[0])) return;
      original(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  return () => {
    console.warn = warn;
    console.info = info;
  };
}
