import {
  HostError,
  TYPES,
  type User,
  type ApiAuthenticator,
  type ApiPrincipal,
  type ConfigService,
  type HttpRequest,
  type Logger,
  type Persistence,
} from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { JsonObject } from '../jwt/compact.js';
import type { OidcTokenVerifiers, VerifierFor } from '../logout/oidc-verifiers.js';
import { LOGOUT_TYPES } from '../logout/tokens.js';
import type { LoginPolicy } from '../provisioning/login-policy.js';
import { PROVISIONING_TYPES } from '../provisioning/tokens.js';
import { matchUser } from '../provisioning/user-matcher.js';
import type { UsernameStrategy } from '../provisioning/username.js';
import { OidcSettingsError } from '../settings/errors.js';
import type { OidcSettings } from '../settings/types.js';
import { BearerError } from './errors.js';
import { clientAllowed, missingScopes } from './scopes.js';
import { BEARER_TYPES } from './tokens.js';
import type { BearerUserCache } from './user-cache.js';

export const BEARER_METHOD = 'Oidc.bearer';

/** A compact JWS: three base64url segments. Anything else after `Bearer ` is an opaque token. */
const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER_HEADER = /^Bearer +([^ ]+) *$/i;

/**
 * API access with the IdP's JWT access tokens (`oidcApiBearerEnabled`): `Authorization: Bearer <JWT>` is
 * verified with the ID tokens' issuer, pinned algorithms and key source, as kind `access_token` (RFC 9068:
 * `typ: at+jwt`, `aud` contains `oidcApiAudience`, `azp` not compared with it, `exp`, `iat`), must come from a
 * client of `oidcApiAllowedClients` when that list is set (`client_id` or `azp`), grant every `oidcApiScopes` scope and carry
 * no `nonce` (an ID token is refused), and is mapped to a host user by the identity link or the username
 * strategy, then the OIDC login policy. No session and no database write; the user is cached for seconds.
 * Requests without a Bearer header are left to the next authenticator (null).
 */
@injectable()
export class OidcBearerAuthenticator implements ApiAuthenticator {
  readonly name = BEARER_METHOD;
  private readonly logger: Logger;

  constructor(
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(LOGOUT_TYPES.OidcTokenVerifiers) private readonly verifiers: OidcTokenVerifiers,
    @inject(BEARER_TYPES.UserCache) private readonly cache: BearerUserCache,
    @inject(PROVISIONING_TYPES.UsernameStrategy) private readonly usernames: UsernameStrategy,
    @inject(PROVISIONING_TYPES.LoginPolicy) private readonly policy: LoginPolicy,
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Logger) logger: Logger,
  ) {
    this.logger = logger.child('oidc.bearer');
  }

  async authenticate(request: HttpRequest): Promise<ApiPrincipal | null> {
    if (this.config.get('oidcApiBearerEnabled') !== true) return null;
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? BEARER_HEADER.exec(header) : null;
    if (match === null) return null;
    const token = match[1] as string;
    try {
      if (!JWS_SHAPE.test(token)) throw new BearerError('ERR_BEARER_TOKEN_OPAQUE');
      const { verifier, settings } = this.verifier();
      const { payload } = verifier.verifySync(token) ?? (await verifier.verify(token));
      if (payload['nonce'] !== undefined) throw new BearerError('ERR_BEARER_ID_TOKEN');
      if (!clientAllowed(payload, this.listSetting('oidcApiAllowedClients')))
        throw new BearerError('ERR_BEARER_CLIENT_NOT_ALLOWED');
      if (missingScopes(payload, this.listSetting('oidcApiScopes')).length > 0)
        throw new BearerError('ERR_BEARER_SCOPE_MISSING');
      const user = await this.userOf(payload, settings);
      return { user, method: BEARER_METHOD };
    } catch (error) {
      if (HostError.is(error)) {
        const reason = error instanceof BearerError ? error.reason : undefined;
        this.logger.info('Bearer token refused', { code: error.code, ...(reason ? { reason } : {}), ip: request.ip });
      }
      throw error;
    }
  }

  private verifier(): VerifierFor {
    const audience = this.config.get('oidcApiAudience');
    if (typeof audience !== 'string' || audience.trim() === '') throw new BearerError('ERR_BEARER_NOT_CONFIGURED');
    try {
      return this.verifiers.verifierFor('access_token', { audience: audience.trim() });
    } catch (error) {
      if (error instanceof OidcSettingsError) throw new BearerError('ERR_BEARER_NOT_CONFIGURED', { cause: error });
      throw error;
    }
  }

  /** A list setting (`oidcApiScopes`, `oidcApiAllowedClients`): its non-empty strings. */
  private listSetting(name: string): string[] {
    const items = this.config.get(name);
    return Array.isArray(items) ? items.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  }

  private async userOf(payload: JsonObject, settings: OidcSettings): Promise<User> {
    const issuer = payload['iss'] as string;
    const sub = payload['sub'] as string;
    const cached = this.cache.get(issuer, sub);
    if (cached !== undefined) return cached;
    let user: User;
    try {
      const found = await matchUser(
        this.persistence.em(),
        { issuer, claims: payload, settings, providerId: null },
        sub,
        this.usernames,
      );
      if (found.kind === 'none') throw new BearerError('ERR_BEARER_USER_UNKNOWN');
      user = found.user;
    } catch (error) {
      if (error instanceof BearerError || !HostError.is(error) || error.status >= 500) throw error;
      throw new BearerError('ERR_BEARER_USER_UNKNOWN', { reason: error.code });
    }
    const decision = this.policy.oidcLogin(user, settings);
    if (!decision.allowed) throw new BearerError('ERR_BEARER_USER_NOT_ALLOWED', { reason: decision.reasonCode });
    this.cache.set(issuer, sub, user);
    return user;
  }
}
