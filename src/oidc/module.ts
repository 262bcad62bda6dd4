import { TYPES, type LoginMethod, type PurgeTask, type RouteProvider } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { CallbackHandler } from './callback-handler.js';
import { ClaimsDebugLog } from './claims-debug-log.js';
import { HtmlErrorPageRenderer, type ErrorPageRenderer } from './error-page.js';
import { FailureReply } from './failure-reply.js';
import { DEFAULT_FLOW_OPTIONS, type OidcFlowOptions } from './flow-options.js';
import { JwtIdTokenValidator, type IdTokenValidator } from './id-token-validator.js';
import { IdentityResolver } from './identity-resolver.js';
import { DiscoveryIssuerParameterPolicy, type IssuerParameterPolicy } from './iss-parameter.js';
import { OidcLoginMethod } from './login-method.js';
import { LoginStarter } from './login-starter.js';
import { OidcRoutes } from './routes.js';
import { LoginStartLimiter } from './start-limiter.js';
import { ConfigOidcSettingsSource, type OidcSettingsSource } from './settings-source.js';
import { OIDC_TYPES } from './tokens.js';
import { LoginTransactionPurgeTask } from './transaction-purge.js';
import { DbLoginTransactionStore, type LoginTransactionStore } from './transaction-store.js';

export interface OidcBindingOptions {
  /** Overrides of the flow tunables (transaction lifetime, per-browser cap, cookie name...). */
  flow?: Partial<OidcFlowOptions>;
}

/**
 * Binds the login flow: the `Oidc` login method, the `/oidc/login` and `/oauth-callback` routes, and the
 * services behind them (each replaceable with `rebind(OIDC_TYPES.X)`). Needs the JWT domain (`bindJwt`),
 * provisioning (`bindProvisioning`) and, for the code exchange, the oidc-client domain's `TokenClient`.
 */
export function bindOidc(container: Pick<ContainerModuleLoadOptions, 'bind'>, options: OidcBindingOptions = {}): void {
  const { bind } = container;
  bind<OidcFlowOptions>(OIDC_TYPES.FlowOptions).toConstantValue(
    Object.freeze({ ...DEFAULT_FLOW_OPTIONS, ...options.flow }),
  );
  bind<OidcSettingsSource>(OIDC_TYPES.SavedSettingsSource).to(ConfigOidcSettingsSource).inSingletonScope();
  bind<OidcSettingsSource>(OIDC_TYPES.SettingsSource)
    .toDynamicValue((ctx) => ctx.get<OidcSettingsSource>(OIDC_TYPES.SavedSettingsSource))
    .inSingletonScope();
  bind<LoginTransactionStore>(OIDC_TYPES.LoginTransactionStore).to(DbLoginTransactionStore).inSingletonScope();
  bind<PurgeTask>(TYPES.PurgeTask).to(LoginTransactionPurgeTask).inSingletonScope();
  bind<IdTokenValidator>(OIDC_TYPES.IdTokenValidator).to(JwtIdTokenValidator).inSingletonScope();
  bind<IssuerParameterPolicy>(OIDC_TYPES.IssuerParameterPolicy).to(DiscoveryIssuerParameterPolicy).inSingletonScope();
  bind<ErrorPageRenderer>(OIDC_TYPES.ErrorPageRenderer).to(HtmlErrorPageRenderer).inSingletonScope();
  bind(OIDC_TYPES.FailureReply).to(FailureReply).inSingletonScope();
  bind(OIDC_TYPES.ClaimsDebugLog).to(ClaimsDebugLog).inSingletonScope();
  bind(OIDC_TYPES.IdentityResolver).to(IdentityResolver).inSingletonScope();
  bind(OIDC_TYPES.StartLimiter).to(LoginStartLimiter).inSingletonScope();
  bind(OIDC_TYPES.LoginStarter).to(LoginStarter).inSingletonScope();
  bind(OIDC_TYPES.CallbackHandler).to(CallbackHandler).inSingletonScope();
  bind<LoginMethod>(TYPES.LoginMethod).to(OidcLoginMethod).inSingletonScope();
  bind<RouteProvider>(TYPES.RouteProvider).to(OidcRoutes).inSingletonScope();
}
