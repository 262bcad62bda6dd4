import type { UserType } from 'crm-host/sdk';
import type { ProvisioningDenialCode } from './errors.js';

/** The user attributes the policies look at (a host `User` fits). */
export interface PolicyUser {
  readonly isActive: boolean;
  readonly type: UserType;
}

/** The settings the policies read (an `OidcSettings` fits). */
export interface PolicySettings {
  readonly allowAdminUser: boolean;
  readonly fallback: boolean;
  readonly allowRegularUserFallback: boolean;
}

export type PolicyDecision = { allowed: true } | { allowed: false; reasonCode: ProvisioningDenialCode };

const allow: PolicyDecision = Object.freeze({ allowed: true });
const deny = (reasonCode: ProvisioningDenialCode): PolicyDecision => ({ allowed: false, reasonCode });

/** User types that may sign in to the CRM (not portals) by OIDC or by password fallback. */
const CRM_USER_TYPES: ReadonlySet<UserType> = new Set<UserType>(['admin', 'regular']);

/**
 * Whether a user found for an OIDC identity may sign in to the CRM: inactive users are denied; portal
 * and API users are denied (they do not use the CRM login); admins only with `oidcAllowAdminUser`.
 */
export function oidcLoginPolicy(user: PolicyUser, settings: PolicySettings): PolicyDecision {
  if (!user.isActive) return deny('ERR_OIDC_USER_INACTIVE');
  if (!CRM_USER_TYPES.has(user.type)) return deny('ERR_OIDC_USER_TYPE_NOT_ALLOWED');
  if (user.type === 'admin' && !settings.allowAdminUser) return deny('ERR_OIDC_ADMIN_NOT_ALLOWED');
  return allow;
}

/**
 * Whether a user found for an identity of a portal's provider may sign in to that portal: only active
 * `portal` users (CRM users never sign in to a portal, and portal users never to the CRM).
 */
export function portalLoginPolicy(user: PolicyUser): PolicyDecision {
  if (!user.isActive) return deny('ERR_OIDC_USER_INACTIVE');
  if (user.type !== 'portal') return deny('ERR_OIDC_USER_TYPE_NOT_ALLOWED');
  return allow;
}

/**
 * Whether a user who proved their password may use it while OIDC is the active method: admins need
 * `oidcFallback`; regular users need `oidcFallback` and `oidcAllowRegularUserFallback`; portal and API
 * users never (portals have their own login). Inactive users are refused by the host before this.
 */
export function passwordFallbackPolicy(user: PolicyUser, settings: PolicySettings): PolicyDecision {
  if (!user.isActive) return deny('ERR_OIDC_USER_INACTIVE');
  if (!CRM_USER_TYPES.has(user.type)) return deny('ERR_OIDC_FALLBACK_USER_TYPE');
  if (!settings.fallback) return deny('ERR_OIDC_FALLBACK_DISABLED');
  if (user.type === 'regular' && !settings.allowRegularUserFallback) return deny('ERR_OIDC_REGULAR_FALLBACK_DISABLED');
  return allow;
}

/** The policies behind one DI token, so a deployment can replace them (e.g. stricter admin rules). */
export interface LoginPolicy {
  oidcLogin(user: PolicyUser, settings: PolicySettings): PolicyDecision;
  passwordFallback(user: PolicyUser, settings: PolicySettings): PolicyDecision;
  /** Optional so that replacements written before portals keep working (default: {@link portalLoginPolicy}). */
  portalLogin?(user: PolicyUser): PolicyDecision;
}

export const defaultLoginPolicy: LoginPolicy = Object.freeze({
  oidcLogin: oidcLoginPolicy,
  passwordFallback: passwordFallbackPolicy,
  portalLogin: portalLoginPolicy,
});
