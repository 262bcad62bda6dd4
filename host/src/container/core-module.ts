import { ContainerModule } from 'inversify';
import type { ConfigService } from '../../sdk/config.js';
import type { InstancePaths, SiteUrl } from '../../sdk/instance.js';
import type { Clock, Logger } from '../../sdk/logger.js';
import type { I18nService, MetadataService } from '../../sdk/metadata.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { SecretBox, SecretStore } from '../../sdk/secrets.js';
import type { FieldOptionsProvider, SettingsChecker, SettingsValidator } from '../../sdk/settings.js';
import type { TeamDirectory } from '../../sdk/teams.js';
import { TYPES } from '../../sdk/tokens.js';
import { DbTeamDirectory } from '../teams/team-service.js';
import { ConfigSecretStore, IdTokenSecretStore } from '../secrets/host-stores.js';
import { HostSettingsChecker } from '../settings/settings-checker.js';
import { SettingsService } from '../settings/settings-service.js';

/** The services the core container module binds (one instance per host). */
export interface CoreServices {
  config: ConfigService;
  metadata: MetadataService;
  i18n: I18nService;
  logger: Logger;
  clock: Clock;
  persistence: Persistence;
  paths: InstancePaths;
  siteUrl: SiteUrl;
  secretBox: SecretBox;
}

/**
 * Host-internal binding (not in the SDK): the one SettingsService of a host, used by the settings API,
 * `crm-host config set` and `TYPES.SettingsChecker`, so all share its schema cache and validator lookup.
 */
export const SETTINGS_SERVICE = Symbol.for('crm-host.internal.SettingsService');

/** Binds every core host service of `TYPES` (constants, and the settings checker). Later modules may `rebind` any of them. */
export function coreContainerModule(services: CoreServices): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<ConfigService>(TYPES.Config).toConstantValue(services.config);
    bind<MetadataService>(TYPES.Metadata).toConstantValue(services.metadata);
    bind<I18nService>(TYPES.I18n).toConstantValue(services.i18n);
    bind<Logger>(TYPES.Logger).toConstantValue(services.logger);
    bind<Clock>(TYPES.Clock).toConstantValue(services.clock);
    bind<Persistence>(TYPES.Persistence).toConstantValue(services.persistence);
    bind<InstancePaths>(TYPES.InstancePaths).toConstantValue(services.paths);
    bind<SiteUrl>(TYPES.SiteUrl).toConstantValue(services.siteUrl);
    bind<TeamDirectory>(TYPES.TeamDirectory).to(DbTeamDirectory).inSingletonScope();
    bind<SecretBox>(TYPES.SecretBox).toConstantValue(services.secretBox);
    bind<SecretStore>(TYPES.SecretStore).toConstantValue(
      new ConfigSecretStore(
        services.persistence,
        services.secretBox,
        (key) => services.config.levelOf(key) === 'secret',
      ),
    );
    bind<SecretStore>(TYPES.SecretStore).toConstantValue(
      new IdTokenSecretStore(services.persistence, services.secretBox),
    );
    bind<SettingsService>(SETTINGS_SERVICE)
      .toDynamicValue(
        (ctx) =>
          new SettingsService(
            services.config,
            services.metadata,
            services.i18n,
            () => ctx.getAll<SettingsValidator>(TYPES.SettingsValidator, { optional: true }),
            () => ctx.get<SiteUrl>(TYPES.SiteUrl).get(),
            () => ctx.getAll<FieldOptionsProvider>(TYPES.FieldOptionsProvider, { optional: true }),
          ),
      )
      .inSingletonScope();
    bind<SettingsChecker>(TYPES.SettingsChecker)
      .toDynamicValue((ctx) => new HostSettingsChecker(ctx.get<SettingsService>(SETTINGS_SERVICE), services.metadata))
      .inSingletonScope();
  });
}
