import { lookupClaim, type Claims } from './claims.js';
import type { ProvisioningWarning } from './errors.js';
import type { TeamMappingLimits } from './team-rules.js';

export interface GroupClaimResult {
  /** Usable group values, in claim order (duplicates are harmless: teams form a set). */
  readonly groups: readonly string[];
  /**
   * `present`: the claim was read (maybe empty); `absent`: no such claim (counts as no groups);
   * `overage`: the IdP left the groups out because there were too many (Entra ID) - membership unknown.
   */
  readonly status: 'present' | 'absent' | 'overage';
  readonly warnings: readonly ProvisioningWarning[];
}

const hasOwn = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);

/**
 * Entra ID "groups overage": instead of `groups` the token carries `_claim_names.groups` (pointing into
 * `_claim_sources`), or `hasgroups: true`. Checked for the configured claim's top-level name and `groups`.
 */
export function isGroupsOverage(claims: Claims, path: string): boolean {
  if (claims['hasgroups'] === true && hasOwn(claims, 'hasgroups')) return true;
  const names = hasOwn(claims, '_claim_names') ? claims['_claim_names'] : undefined;
  const top = path.split('.')[0] as string;
  return [path, top, 'groups'].some((name) => hasOwn(names, name));
}

/**
 * Reads the group claim by dot path: a string counts as one group, an array contributes its string
 * items. Other item types, empty strings and values longer than the limit are ignored and counted;
 * more values than `maxGroups` are cut off. Never throws.
 */
export function readGroupClaim(claims: Claims, path: string, limits: TeamMappingLimits): GroupClaimResult {
  const warnings: ProvisioningWarning[] = [];
  const found = lookupClaim(claims, path);
  if (!found.present || found.value === null) {
    if (isGroupsOverage(claims, path)) {
      return {
        groups: [],
        status: 'overage',
        warnings: [{ code: 'WARN_OIDC_GROUPS_OVERAGE', detail: { claim: path } }],
      };
    }
    return {
      groups: [],
      status: 'absent',
      warnings: [{ code: 'WARN_OIDC_GROUP_CLAIM_ABSENT', detail: { claim: path } }],
    };
  }
  let values: readonly unknown[];
  if (typeof found.value === 'string') values = [found.value];
  else if (Array.isArray(found.value)) values = found.value;
  else {
    return {
      groups: [],
      status: 'present',
      warnings: [{ code: 'WARN_OIDC_GROUP_CLAIM_INVALID', detail: { claim: path } }],
    };
  }
  if (values.length > limits.maxGroups) {
    warnings.push({
      code: 'WARN_OIDC_GROUPS_TRUNCATED',
      detail: { claim: path, values: values.length, limit: limits.maxGroups },
    });
    values = values.slice(0, limits.maxGroups);
  }
  const usable = (value: unknown): value is string =>
    typeof value === 'string' && value !== '' && value.length <= limits.maxValueLength;
  // Fast path without copying: the usual claim holds only usable values.
  const ignored = values.reduce<number>((n, value) => (usable(value) ? n : n + 1), 0);
  const groups = ignored === 0 ? (values as readonly string[]) : values.filter(usable);
  if (ignored > 0) warnings.push({ code: 'WARN_OIDC_GROUP_VALUES_IGNORED', detail: { claim: path, ignored } });
  return { groups, status: 'present', warnings };
}
