export { PROVISIONING_TYPES } from './tokens.js';
export { bindProvisioning, type ProvisioningBindingOptions } from './module.js';
export { getClaim, lookupClaim, type Claims, type ClaimLookup } from './claims.js';
export {
  PROVISIONING_DENIALS,
  PROVISIONING_WARNINGS,
  ProvisioningError,
  denialI18nKey,
  type ProvisioningDenialCode,
  type ProvisioningWarning,
  type ProvisioningWarningCode,
} from './errors.js';
export {
  ClaimUsernameStrategy,
  MAX_USERNAME_LENGTH,
  normalizeUsername,
  type UsernameResult,
  type UsernameStrategy,
} from './username.js';
export { readGroupClaim, isGroupsOverage, type GroupClaimResult } from './group-claim.js';
export {
  compileTeamRules,
  DEFAULT_TEAM_MAPPING_LIMITS,
  type CompiledTeamRules,
  type TeamMappingLimits,
} from './team-rules.js';
export { TeamRulesCache } from './team-rules-cache.js';
export {
  OIDC_MEMBERSHIP_SOURCE,
  RuleTeamMapper,
  type CurrentMembership,
  type TeamMapper,
  type TeamMappingInput,
  type TeamMappingResult,
} from './team-mapper.js';
export {
  DEFAULT_CLAIM_FIELD_RULES,
  StandardClaimFieldMapper,
  type ClaimFieldMapper,
  type ClaimFieldRule,
  type FieldMappingOptions,
  type FieldMappingResult,
  type ProfileField,
  type ProfileValues,
} from './field-mapper.js';
export {
  defaultLoginPolicy,
  oidcLoginPolicy,
  passwordFallbackPolicy,
  type LoginPolicy,
  type PolicyDecision,
  type PolicySettings,
  type PolicyUser,
} from './login-policy.js';
export { IdentityLink, IDENTITY_LINKS_TABLE } from './entities/IdentityLink.js';
export { IdentityLinkDirectory, IDENTITY_LINK_SOURCE_NAME } from './identity-link-source.js';
export { createIdentityLinksMigration, PROVISIONING_MIGRATIONS } from './migrations/create-identity-links.js';
export { DefaultProvisioningService, PROVISIONING_ATTEMPTS, type ProvisioningService } from './provisioning-service.js';
export type { ProvisioningAction, ProvisioningOutcome, ProvisioningRequest, ProvisioningSettings } from './types.js';

import { IdentityLink } from './entities/IdentityLink.js';
/** Entities of the provisioning domain, for the extension entry's `entities`. */
export const PROVISIONING_ENTITIES = [IdentityLink] as const;
