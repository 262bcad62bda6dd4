export { PROVIDER_TYPES } from './tokens.js';
export { bindProviders, PROVIDER_ENTITIES, PROVIDER_MIGRATIONS } from './module.js';
export { AuthenticationProvider, AUTHENTICATION_PROVIDERS_TABLE } from './entities/AuthenticationProvider.js';
export {
  PROVIDER_FIELDS,
  PROVIDER_FORCED,
  PROVIDER_GLOBAL_FIELDS,
  PROVIDER_METHOD,
  PROVIDER_SECRET_FIELDS,
  portalBackchannelPath,
  portalLoginPath,
  portalRedirectPath,
} from './fields.js';
export { ProviderError, PROVIDER_ERRORS, type ProviderErrorCode } from './errors.js';
export { AuthenticationProviderService, type ProviderView } from './provider-service.js';
export { providerReader, readProviderSettings, type ProviderReadOptions } from './provider-settings.js';
export { checkProviderBody, checkProviderSettings, mergeValues, type ProviderPatch } from './provider-validation.js';
export { ProviderAwareSettingsSource } from './provider-settings-source.js';
export { DbProviderConfigurations, findActivePortal } from './provider-configurations.js';
export { PortalLoginRoutes, PORTAL_CALLBACK_ROUTE, PORTAL_LOGIN_ROUTE } from './portal-login-routes.js';
export { ProviderAdminRoutes, PROVIDER_API_PATH } from './admin-routes.js';
export { ProviderPortalLoginPage } from './portal-login-page.js';
