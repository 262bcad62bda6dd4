import { TYPES, type ConfigService, type RouteProvider, type SecretStore, type SiteUrl } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { ProviderConfigurations } from '../logout/configurations.js';
import type { AlgorithmRegistry } from '../jwt/algorithm-registry.js';
import { JWT_TYPES } from '../jwt/tokens.js';
import { LOGOUT_TYPES } from '../logout/tokens.js';
import { ConfigOidcSettingsSource, type OidcSettingsSource } from '../oidc/settings-source.js';
import { OIDC_TYPES } from '../oidc/tokens.js';
import { ProviderAdminRoutes } from './admin-routes.js';
import { AuthenticationProvider } from './entities/AuthenticationProvider.js';
import { PROVIDER_MIGRATIONS } from './migrations/create-authentication-providers.js';
import type { PortalLoginPageSource } from '../oidc/login-method.js';
import { ProviderPortalLoginPage } from './portal-login-page.js';
import { PortalLoginRoutes } from './portal-login-routes.js';
import { DbProviderConfigurations } from './provider-configurations.js';
import { ProviderSecretStore } from './provider-secret-store.js';
import { AuthenticationProviderService } from './provider-service.js';
import { ProviderAwareSettingsSource } from './provider-settings-source.js';
import { PROVIDER_TYPES } from './tokens.js';

/**
 * Binds authentication providers (portals): the provider service and admin API, the provider-aware saved
 * settings source of the login flow, the portal sign-in routes and button, and the providers' logout
 * configurations. Call after `bindOidc` and `bindLogout`.
 */
export function bindProviders(options: Pick<ContainerModuleLoadOptions, 'bind' | 'rebind'>): void {
  const { bind, rebind } = options;
  bind(PROVIDER_TYPES.ProviderService).to(AuthenticationProviderService).inSingletonScope();
  bind<SecretStore>(TYPES.SecretStore).to(ProviderSecretStore).inSingletonScope();
  rebind<OidcSettingsSource>(OIDC_TYPES.SavedSettingsSource)
    .toDynamicValue(
      (ctx) =>
        new ProviderAwareSettingsSource(
          new ConfigOidcSettingsSource(
            ctx.get<ConfigService>(TYPES.Config),
            ctx.get<SiteUrl>(TYPES.SiteUrl),
            ctx.get<AlgorithmRegistry>(JWT_TYPES.AlgorithmRegistry),
          ),
          ctx.get<AuthenticationProviderService>(PROVIDER_TYPES.ProviderService),
          ctx.get<ConfigService>(TYPES.Config),
          ctx.get<SiteUrl>(TYPES.SiteUrl),
        ),
    )
    .inSingletonScope();
  bind<PortalLoginPageSource>(PROVIDER_TYPES.PortalLoginPageSource).to(ProviderPortalLoginPage).inSingletonScope();
  bind<ProviderConfigurations>(LOGOUT_TYPES.ProviderConfigurations).to(DbProviderConfigurations).inSingletonScope();
  bind<RouteProvider>(TYPES.RouteProvider).to(ProviderAdminRoutes).inSingletonScope();
  bind<RouteProvider>(TYPES.RouteProvider).to(PortalLoginRoutes).inSingletonScope();
}

export const PROVIDER_ENTITIES = [AuthenticationProvider] as const;
export { PROVIDER_MIGRATIONS };
