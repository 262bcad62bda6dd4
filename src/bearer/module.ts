import { TYPES, type ApiAuthenticator, type SessionListener } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { BackchannelLogoutListener } from '../logout/backchannel-service.js';
import { LOGOUT_TYPES } from '../logout/tokens.js';
import { OidcBearerAuthenticator } from './bearer-authenticator.js';
import { BEARER_TYPES } from './tokens.js';
import { BearerUserCache, DEFAULT_BEARER_CACHE_OPTIONS, type BearerCacheOptions } from './user-cache.js';

export interface BearerBindingOptions {
  cache?: Partial<BearerCacheOptions>;
}

/**
 * Binds bearer-token API access: the authenticator (host extension point `TYPES.ApiAuthenticator`; it
 * does nothing while `oidcApiBearerEnabled` is off), its user cache, and the hooks that drop cached users
 * when their sessions end or the IdP logs them out. Needs the logout domain's `OidcTokenVerifiers`.
 */
export function bindBearer(options: Pick<ContainerModuleLoadOptions, 'bind'>, bearer: BearerBindingOptions = {}): void {
  const { bind } = options;
  bind<BearerCacheOptions>(BEARER_TYPES.CacheOptions).toConstantValue(
    Object.freeze({ ...DEFAULT_BEARER_CACHE_OPTIONS, ...bearer.cache }),
  );
  bind(BEARER_TYPES.UserCache).to(BearerUserCache).inSingletonScope();
  bind(BEARER_TYPES.Authenticator).to(OidcBearerAuthenticator).inSingletonScope();
  bind<ApiAuthenticator>(TYPES.ApiAuthenticator).toService(BEARER_TYPES.Authenticator);
  bind<SessionListener>(TYPES.SessionListener)
    .toResolvedValue(
      (cache: BearerUserCache): SessionListener => ({ sessionEnded: (session) => cache.forgetUser(session.user.id) }),
      [BEARER_TYPES.UserCache],
    )
    .inSingletonScope();
  bind<BackchannelLogoutListener>(LOGOUT_TYPES.BackchannelLogoutListener)
    .toResolvedValue(
      (cache: BearerUserCache): BackchannelLogoutListener => ({
        loggedOut: (r) => (r.sub !== null ? cache.forgetIdentity(r.issuer, r.sub) : cache.clear()),
      }),
      [BEARER_TYPES.UserCache],
    )
    .inSingletonScope();
}
