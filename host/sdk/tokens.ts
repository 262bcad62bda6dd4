/**
 * Service identifiers of the host. `Symbol.for` keys are global to the process, so an extension that
 * ends up with its own copy of this module still resolves the host's bindings.
 */
export const TYPES = {
  /** {@link ConfigService}: settings stored in the database, shared by every host process. */
  Config: Symbol.for('crm-host.Config'),
  /** {@link MetadataService}: JSON metadata merged core < extensions < custom. */
  Metadata: Symbol.for('crm-host.Metadata'),
  /** {@link I18nService}: translations merged like metadata, falling back to en_US key by key. */
  I18n: Symbol.for('crm-host.I18n'),
  /** {@link Logger}: the host log; redacts secrets. */
  Logger: Symbol.for('crm-host.Logger'),
  /** {@link Clock}: the current time (replaceable in tests). */
  Clock: Symbol.for('crm-host.Clock'),
  /** {@link Persistence}: MikroORM entity managers and transactions. */
  Persistence: Symbol.for('crm-host.Persistence'),
  /** {@link InstancePaths}: where this host instance keeps data, custom/ and extensions. */
  InstancePaths: Symbol.for('crm-host.InstancePaths'),
  /** {@link AuthTokenManager}: host sessions (AuthToken entities). */
  AuthTokenManager: Symbol.for('crm-host.AuthTokenManager'),
  /** {@link AuthLog}: writes AuthLogRecord entries. */
  AuthLog: Symbol.for('crm-host.AuthLog'),
  /** {@link SiteUrl}: the configured public URL of the host. */
  SiteUrl: Symbol.for('crm-host.SiteUrl'),
  /** {@link TeamDirectory}: list, find, create, rename and delete teams. */
  TeamDirectory: Symbol.for('crm-host.TeamDirectory'),
  /** {@link SecretBox}: seals secrets at rest with the host key. */
  SecretBox: Symbol.for('crm-host.SecretBox'),

  // ---- extension points: an extension binds these (multi-bindings unless noted) ----
  /** {@link LoginMethod}: one binding per authentication method (named by `LoginMethod.name`). */
  LoginMethod: Symbol.for('crm-host.LoginMethod'),
  /** {@link RouteProvider}: adds HTTP routes. */
  RouteProvider: Symbol.for('crm-host.RouteProvider'),
  /** {@link ApiAuthenticator}: authenticates API requests that carry no host session. */
  ApiAuthenticator: Symbol.for('crm-host.ApiAuthenticator'),
  /** {@link SettingsValidator}: checks a settings change before it is saved. */
  SettingsValidator: Symbol.for('crm-host.SettingsValidator'),
  /** {@link FieldOptionsProvider}: allowed values of enum settings fields that name it (`optionsProvider`). */
  FieldOptionsProvider: Symbol.for('crm-host.FieldOptionsProvider'),
  /** {@link SettingsChecker}: the settings API's validation without saving. */
  SettingsChecker: Symbol.for('crm-host.SettingsChecker'),
  /** {@link CliCommand}: adds a `crm-host <group> <name>` command. */
  CliCommand: Symbol.for('crm-host.CliCommand'),
  /** {@link SessionListener}: told when a host session ends (logout). */
  SessionListener: Symbol.for('crm-host.SessionListener'),
  /** {@link IdentityLinkSource}: lists and removes the IdP identities linked to users (user administration). */
  IdentityLinkSource: Symbol.for('crm-host.IdentityLinkSource'),
  /** {@link SecretStore}: a table or column holding sealed secrets (for status and re-encryption). */
  SecretStore: Symbol.for('crm-host.SecretStore'),
  /** {@link PurgeTask}: deletes expired rows periodically (every serving host process; idempotent). */
  PurgeTask: Symbol.for('crm-host.PurgeTask'),
} as const;

export type HostServiceId = (typeof TYPES)[keyof typeof TYPES];
