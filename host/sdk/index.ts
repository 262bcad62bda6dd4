/**
 * crm-host SDK: the only module of the host an extension may import.
 * Service identifiers, the interfaces behind them, the host entities and the extension contracts.
 * See docs/host-sdk.md.
 */
export { TYPES, type HostServiceId } from './tokens.js';
export { HostError } from './errors.js';
export type { ConfigLevel, ConfigService, ConfigValue } from './config.js';
export type { I18nService, MetadataService } from './metadata.js';
export type { Clock, Logger, LogLevel } from './logger.js';
export type { InstancePaths, SiteUrl } from './instance.js';
export type { DatabasePlatform, Migration, MigrationContext, Persistence } from './persistence.js';
export type { AuthLog, AuthLogEntry, AuthTokenManager, CreatedSession, IdpSessionInfo } from './sessions.js';
export { PORTAL_SESSION_COOKIE, portalPath } from './sessions.js';
export type {
  ApiAuthenticator,
  ApiPrincipal,
  CookieOptions,
  HttpMethod,
  HttpReply,
  HttpRequest,
  HttpRouter,
  RouteAccess,
  RouteDefinition,
  RouteProvider,
} from './http.js';
export type { LoginMethod, LoginPageData, SessionListener } from './login-method.js';
export type { FieldOptionsProvider, SettingsChange, SettingsChecker, SettingsValidator } from './settings.js';
export { CLI_SETTINGS_ACTOR } from './settings.js';
export type { CliCommand, CliIo } from './cli.js';
export { TEAM_NAME_MAX_LENGTH, type TeamDirectory, type TeamInfo } from './teams.js';
export type { IdentityLinkInfo, IdentityLinkSource } from './identity-links.js';
export type { SecretBox, SecretStore, SecretStoreStatus } from './secrets.js';
export type { PurgeTask } from './maintenance.js';
export {
  HOST_VERSION,
  defineExtension,
  type ExtensionEntry,
  type LifecycleScript,
  type LifecycleScriptContext,
  type LifecycleScriptName,
  type ServiceResolver,
} from './extension.js';
export * from './entities/index.js';
