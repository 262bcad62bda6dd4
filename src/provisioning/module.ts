import { TYPES, type IdentityLinkSource, type SettingsValidator } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { StandardClaimFieldMapper, type ClaimFieldMapper } from './field-mapper.js';
import { IdentityLinkDirectory } from './identity-link-source.js';
import { defaultLoginPolicy, type LoginPolicy } from './login-policy.js';
import { DefaultProvisioningService, type ProvisioningService } from './provisioning-service.js';
import { RuleTeamMapper, type TeamMapper } from './team-mapper.js';
import { TeamRuleIdsOnSave } from './team-rule-ids.js';
import { DEFAULT_TEAM_MAPPING_LIMITS, type TeamMappingLimits } from './team-rules.js';
import { PROVISIONING_TYPES } from './tokens.js';
import { ClaimUsernameStrategy, type UsernameStrategy } from './username.js';

export interface ProvisioningBindingOptions {
  /** Overrides of the team-mapping caps. */
  limits?: Partial<TeamMappingLimits>;
}

/**
 * Binds the provisioning services (singletons). Every binding can be replaced by a later module
 * (another extension or custom/bindings.js) with `rebind(PROVISIONING_TYPES.X)`.
 * Needs the host's `TYPES.Persistence`, `TYPES.Logger` and `TYPES.Clock`.
 */
export function bindProvisioning(
  container: Pick<ContainerModuleLoadOptions, 'bind'>,
  options: ProvisioningBindingOptions = {},
): void {
  const { bind } = container;
  bind<TeamMappingLimits>(PROVISIONING_TYPES.TeamMappingLimits).toConstantValue(
    Object.freeze({ ...DEFAULT_TEAM_MAPPING_LIMITS, ...options.limits }),
  );
  bind<UsernameStrategy>(PROVISIONING_TYPES.UsernameStrategy).to(ClaimUsernameStrategy).inSingletonScope();
  bind<TeamMapper>(PROVISIONING_TYPES.TeamMapper).to(RuleTeamMapper).inSingletonScope();
  bind<ClaimFieldMapper>(PROVISIONING_TYPES.ClaimFieldMapper).to(StandardClaimFieldMapper).inSingletonScope();
  bind<LoginPolicy>(PROVISIONING_TYPES.LoginPolicy).toConstantValue(defaultLoginPolicy);
  bind<ProvisioningService>(PROVISIONING_TYPES.ProvisioningService).to(DefaultProvisioningService).inSingletonScope();
  // The host's user administration lists and removes identity links through this (no import of this code).
  bind<IdentityLinkSource>(TYPES.IdentityLinkSource).to(IdentityLinkDirectory).inSingletonScope();
  // Rules saved with team ids survive renames (a SettingsValidator that only normalizes).
  bind<SettingsValidator>(TYPES.SettingsValidator).to(TeamRuleIdsOnSave).inSingletonScope();
}
