import { createHash, randomBytes } from 'node:crypto';
import { authenticateClient } from './client-auth.js';
import { sendJson, type Exchange } from './exchange.js';
import type { CodeGrant, FakeOpBehaviour, FakeOpOptions, IssuedTokens, TokenRequestInfo } from './fake-op-types.js';
import { mintAccessToken, mintIdToken, type MinterState } from './jwt-minter.js';

const random = (bytes = 24): string => randomBytes(bytes).toString('base64url');

export interface TokenEndpointDeps {
  state: MinterState;
  options: FakeOpOptions;
  tokenEndpoint: string;
  behaviour: () => FakeOpBehaviour;
  idTokenClaimsOf: (claims: Record<string, unknown>) => Record<string, unknown>;
}

type GrantHandler = (ex: Exchange) => Promise<Record<string, unknown> | undefined>;

/**
 * The fake OP's token endpoint, correct by default: client authenticated, codes single-use (reuse revokes
 * the grant's access tokens, as oidc-provider does), redirect_uri compared, PKCE S256 verified; refresh
 * tokens for grants with offline_access (the refreshed ID token keeps sub, nonce and auth_time).
 */
export class FakeTokenEndpoint {
  readonly codes = new Map<string, CodeGrant>();
  readonly accessTokens = new Map<string, { grant: CodeGrant; revoked: boolean }>();
  readonly refreshTokens = new Map<string, CodeGrant>();
  lastTokenRequest?: TokenRequestInfo;
  lastIssued?: IssuedTokens;

  private readonly grants: Record<string, GrantHandler> = {
    authorization_code: (ex) => this.redeemCode(ex),
    refresh_token: (ex) => this.refresh(ex),
  };

  constructor(private readonly deps: TokenEndpointDeps) {}

  /** Handles one token request; sends errors itself and returns the success body (or undefined). */
  async handle(ex: Exchange): Promise<Record<string, unknown> | undefined> {
    const { state, options } = this.deps;
    const auth = await authenticateClient(ex.form, ex.req.headers, {
      clientId: state.clientId,
      clientSecret: state.clientSecret,
      clientJwks: options.clientJwks,
      assertionAudiences: [this.deps.tokenEndpoint, state.issuer],
    });
    this.lastTokenRequest = { authMethod: auth.method, form: ex.form, headers: ex.req.headers };
    if (auth.failure) return this.error(ex, 401, 'invalid_client', auth.failure);
    if (options.tokenEndpointAuthMethod && auth.method !== options.tokenEndpointAuthMethod)
      return this.error(ex, 401, 'invalid_client', `expected ${options.tokenEndpointAuthMethod}`);
    if (auth.method === 'none' && options.tokenEndpointAuthMethod !== 'none')
      return this.error(ex, 401, 'invalid_client', 'client authentication required');
    const handler = this.grants[ex.form.get('grant_type') ?? ''];
    if (!handler) return this.error(ex, 400, 'unsupported_grant_type', 'authorization_code or refresh_token');
    return handler(ex);
  }

  /** Claims userinfo returns for a bearer token, or undefined when the token is unknown or revoked. */
  userinfoFor(bearer: string): Record<string, unknown> | undefined {
    const entry = this.accessTokens.get(bearer);
    if (!entry || entry.revoked) return undefined;
    return { ...entry.grant.claims, sub: entry.grant.sub };
  }

  private error(ex: Exchange, status: number, error: string, description: string): undefined {
    sendJson(ex, status, { error, error_description: description });
    return undefined;
  }

  private async redeemCode(ex: Exchange): Promise<Record<string, unknown> | undefined> {
    const grant = this.codes.get(ex.form.get('code') ?? '');
    if (!grant) return this.error(ex, 400, 'invalid_grant', 'unknown code');
    if (grant.used) {
      for (const t of grant.accessTokens) this.accessTokens.set(t, { grant, revoked: true });
      for (const [t, g] of this.refreshTokens) if (g === grant) this.refreshTokens.delete(t);
      return this.error(ex, 400, 'invalid_grant', 'code already used; grant revoked');
    }
    grant.used = true;
    if (ex.form.get('redirect_uri') !== grant.redirectUri)
      return this.error(ex, 400, 'invalid_grant', 'redirect_uri mismatch');
    if (grant.codeChallenge) {
      const computed = createHash('sha256')
        .update(ex.form.get('code_verifier') ?? '')
        .digest('base64url');
      if (computed !== grant.codeChallenge) return this.error(ex, 400, 'invalid_grant', 'PKCE verification failed');
    }
    const body = await this.issue(grant);
    if (grant.scope.split(' ').includes('offline_access')) {
      const refreshToken = random();
      this.refreshTokens.set(refreshToken, grant);
      body.refresh_token = refreshToken;
    }
    return body;
  }

  private async refresh(ex: Exchange): Promise<Record<string, unknown> | undefined> {
    const grant = this.refreshTokens.get(ex.form.get('refresh_token') ?? '');
    if (!grant) return this.error(ex, 400, 'invalid_grant', 'unknown refresh token');
    const body = await this.issue(grant);
    body.refresh_token = ex.form.get('refresh_token');
    return body;
  }

  private async issue(grant: CodeGrant): Promise<Record<string, unknown>> {
    const { state, options } = this.deps;
    const behaviour = this.deps.behaviour();
    const accessToken =
      options.accessTokenFormat === 'jwt'
        ? await mintAccessToken(state, { sub: grant.sub, scope: grant.scope, audience: options.apiAudience })
        : random();
    grant.accessTokens.push(accessToken);
    this.accessTokens.set(accessToken, { grant, revoked: false });
    const idToken = await mintIdToken(state, {
      sub: grant.sub,
      nonce: grant.nonce,
      authTime: grant.authTime,
      sid: grant.sid,
      userClaims: this.deps.idTokenClaimsOf(grant.claims),
      claims: options.atHash
        ? { at_hash: atHashOf(accessToken, state.alg), ...behaviour.idTokenClaims }
        : behaviour.idTokenClaims,
      defects: behaviour.idToken,
    });
    this.lastIssued = { sub: grant.sub, sid: grant.sid, nonce: grant.nonce, idToken, accessToken };
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: state.ttlSec,
      scope: grant.scope,
      id_token: idToken,
    };
  }
}

/** The hash of each fake-OP algorithm for `at_hash` (EdDSA over Ed25519: SHA-512). */
const AT_HASH_DIGESTS: Readonly<Record<string, string>> = {
  RS256: 'sha256',
  PS256: 'sha256',
  ES256: 'sha256',
  HS256: 'sha256',
  EdDSA: 'sha512',
};

/** OIDC Core 3.1.3.6: left half of the hash of the access token, base64url. */
function atHashOf(accessToken: string, alg: string): string {
  const digest = createHash(AT_HASH_DIGESTS[alg] ?? 'sha256')
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
