import {
  TYPES,
  type CliCommand,
  type PurgeTask,
  type RouteProvider,
  type SecretStore,
  type SettingsValidator,
  type SiteUrl,
} from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { OidcSettingsSource } from '../settings-source.js';
import type { TestLoginCompleter } from '../test-login.js';
import { OIDC_TYPES } from '../tokens.js';
import { TestLoginCommand } from './cli/test-login-command.js';
import { DryRunTestLoginCompleter } from './completer.js';
import { DraftAwareSettingsSource } from './draft-settings-source.js';
import { TestLoginDraftPurgeTask } from './draft-purge.js';
import {
  DbTestLoginDraftStore,
  DEFAULT_DRAFT_OPTIONS,
  DraftSecretStore,
  type TestLoginDraftOptions,
} from './draft-store.js';
import { TestLoginDrafting } from './drafting.js';
import type { TestLoginDraftStore } from './drafts.js';
import { LockoutGuard } from './lockout-guard.js';
import { TestLoginRoutes } from './routes.js';
import { TEST_LOGIN_TYPES } from './tokens.js';

/**
 * Binds the test login (dry run with unsaved settings: drafts in the database, the settings page's routes,
 * `crm-host oidc test-login`) and the lockout guard. Call after `bindOidc`: it makes the flow's settings
 * source draft-aware.
 */
export function bindTestLogin(
  options: Pick<ContainerModuleLoadOptions, 'bind' | 'rebind'>,
  drafts: Partial<TestLoginDraftOptions> = {},
): void {
  const { bind, rebind } = options;
  bind<TestLoginDraftOptions>(TEST_LOGIN_TYPES.DraftOptions).toConstantValue(
    Object.freeze({ ...DEFAULT_DRAFT_OPTIONS, ...drafts }),
  );
  bind<TestLoginDraftStore>(TEST_LOGIN_TYPES.DraftStore).to(DbTestLoginDraftStore).inSingletonScope();
  bind<SecretStore>(TYPES.SecretStore).to(DraftSecretStore).inSingletonScope();
  bind<PurgeTask>(TYPES.PurgeTask).to(TestLoginDraftPurgeTask).inSingletonScope();
  bind(TEST_LOGIN_TYPES.Drafting).to(TestLoginDrafting).inSingletonScope();
  rebind<OidcSettingsSource>(OIDC_TYPES.SettingsSource)
    .toDynamicValue(
      (ctx) =>
        new DraftAwareSettingsSource(
          ctx.get<OidcSettingsSource>(OIDC_TYPES.SavedSettingsSource),
          ctx.get<TestLoginDraftStore>(TEST_LOGIN_TYPES.DraftStore),
          () => ctx.get<SiteUrl>(TYPES.SiteUrl).get(),
        ),
    )
    .inSingletonScope();
  bind<TestLoginCompleter>(OIDC_TYPES.TestLoginCompleter).to(DryRunTestLoginCompleter).inSingletonScope();
  bind<RouteProvider>(TYPES.RouteProvider).to(TestLoginRoutes).inSingletonScope();
  bind<SettingsValidator>(TYPES.SettingsValidator).to(LockoutGuard).inSingletonScope();
  bind<CliCommand>(TYPES.CliCommand).to(TestLoginCommand).inSingletonScope();
}
