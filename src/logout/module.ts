import { TYPES, type PurgeTask, type RouteProvider } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { BackchannelLogoutService } from './backchannel-service.js';
import { OidcEndSessionRedirect } from './end-session.js';
import { DiscoveryEndSessionEndpoint } from './end-session-endpoint.js';
import { LogoutTokenUse } from './entities/LogoutTokenUse.js';
import { LogoutJtiPurgeTask } from './jti-purge.js';
import { LogoutJtiStore } from './jti-store.js';
import { LogoutRouteProvider } from './logout-routes.js';
import { LOGOUT_MIGRATIONS } from './migrations/create-logout-token-uses.js';
import { OidcTokenVerifiers } from './oidc-verifiers.js';
import { DEFAULT_REFUSAL_LIMITS, type RefusalLimits } from './refusal-limiter.js';
import { LOGOUT_TYPES } from './tokens.js';

/**
 * Binds the logout domain (singletons; each replaceable with `rebind`). Needs the JWT domain
 * (`bindJwt`) and the host's Config, SiteUrl, Persistence, AuthTokenManager, AuthLog, I18n, Logger, Clock.
 */
export function bindLogout(
  options: Pick<ContainerModuleLoadOptions, 'bind'>,
  logout: { refusalLimits?: Partial<RefusalLimits> } = {},
): void {
  const { bind } = options;
  bind<RefusalLimits>(LOGOUT_TYPES.RefusalLimits).toConstantValue(
    Object.freeze({ ...DEFAULT_REFUSAL_LIMITS, ...logout.refusalLimits }),
  );
  bind(LOGOUT_TYPES.OidcTokenVerifiers).to(OidcTokenVerifiers).inSingletonScope();
  bind(LOGOUT_TYPES.LogoutJtiStore).to(LogoutJtiStore).inSingletonScope();
  bind<PurgeTask>(TYPES.PurgeTask).to(LogoutJtiPurgeTask).inSingletonScope();
  bind(LOGOUT_TYPES.BackchannelLogoutService).to(BackchannelLogoutService).inSingletonScope();
  bind(LOGOUT_TYPES.EndSessionEndpointSource).to(DiscoveryEndSessionEndpoint).inSingletonScope();
  bind(LOGOUT_TYPES.EndSessionRedirect).to(OidcEndSessionRedirect).inSingletonScope();
  bind<RouteProvider>(TYPES.RouteProvider).to(LogoutRouteProvider).inSingletonScope();
}

export const LOGOUT_ENTITIES = [LogoutTokenUse] as const;
export { LOGOUT_MIGRATIONS };
