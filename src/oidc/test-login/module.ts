import { TYPES, type RouteProvider, type SettingsValidator, type SiteUrl } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import type { OidcSettingsSource } from '../settings-source.js';
import type { TestLoginCompleter } from '../test-login.js';
import { OIDC_TYPES } from '../tokens.js';
import { DryRunTestLoginCompleter } from './completer.js';
import { DraftAwareSettingsSource } from './draft-settings-source.js';
import { TestLoginDraftStore } from './drafts.js';
import { LockoutGuard } from './lockout-guard.js';
import { TestLoginRoutes } from './routes.js';
import { TEST_LOGIN_TYPES } from './tokens.js';

/**
 * Binds the test login (dry run with unsaved settings) and the lockout guard. Call after `bindOidc`:
 * it makes the flow's settings source draft-aware.
 */
export function bindTestLogin(options: Pick<ContainerModuleLoadOptions, 'bind' | 'rebind'>): void {
  const { bind, rebind } = options;
  bind(TEST_LOGIN_TYPES.DraftStore).toConstantValue(new TestLoginDraftStore());
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
}
