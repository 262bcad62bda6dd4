import { injectable } from 'inversify';
import { lookupClaim, type Claims } from './claims.js';
import type { ProvisioningWarning } from './errors.js';

/** User profile fields the mapper may write. */
export type ProfileField = 'name' | 'firstName' | 'lastName' | 'emailAddress' | 'phoneNumber';
export type ProfileValues = Partial<Record<ProfileField, string | null>>;

export interface ClaimFieldRule {
  readonly field: ProfileField;
  /** Claim name or dot path. */
  readonly claim: string;
  /** Longest value the field stores. */
  readonly maxLength: number;
}

/** Standard OIDC claims (OpenID Connect Core 5.1) to host User fields. */
export const DEFAULT_CLAIM_FIELD_RULES: readonly ClaimFieldRule[] = Object.freeze([
  { field: 'name', claim: 'name', maxLength: 255 },
  { field: 'firstName', claim: 'given_name', maxLength: 100 },
  { field: 'lastName', claim: 'family_name', maxLength: 100 },
  { field: 'emailAddress', claim: 'email', maxLength: 255 },
  { field: 'phoneNumber', claim: 'phone_number', maxLength: 64 },
]);

export interface FieldMappingOptions {
  /** `oidcSyncClearOnNull`: a claim present with null (or empty text) clears its field. */
  clearOnNull: boolean;
}

export interface FieldMappingResult {
  /** Values for the fields whose claims are present; absent claims have no key here. */
  readonly values: ProfileValues;
  readonly warnings: readonly ProvisioningWarning[];
}

/** Maps claims to profile fields (DI: {@link PROVISIONING_TYPES.ClaimFieldMapper}; replaceable). */
export interface ClaimFieldMapper {
  map(claims: Claims, options: FieldMappingOptions): FieldMappingResult;
}

/**
 * Default mapper. Only claims that are PRESENT produce a value: an absent claim leaves its field alone
 * (EspoCRM wipes it). A claim present with `null` or empty text clears the field only when
 * `clearOnNull`; values of another type, too long for the field, or emails without `@` are ignored
 * with a warning.
 */
@injectable()
export class StandardClaimFieldMapper implements ClaimFieldMapper {
  /** The claim-to-field table; a subclass may override it (and rebind the token). */
  protected readonly rules: readonly ClaimFieldRule[] = DEFAULT_CLAIM_FIELD_RULES;

  map(claims: Claims, options: FieldMappingOptions): FieldMappingResult {
    const values: ProfileValues = {};
    const ignored: string[] = [];
    for (const rule of this.rules) {
      const found = lookupClaim(claims, rule.claim);
      if (!found.present) continue;
      const raw = found.value;
      if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
        if (options.clearOnNull) values[rule.field] = null;
        continue;
      }
      const value = typeof raw === 'string' ? raw.trim() : null;
      if (value === null || value.length > rule.maxLength || (rule.field === 'emailAddress' && !value.includes('@'))) {
        ignored.push(rule.claim);
        continue;
      }
      values[rule.field] = value;
    }
    const warnings: ProvisioningWarning[] =
      ignored.length > 0 ? [{ code: 'WARN_OIDC_CLAIM_IGNORED', detail: { claims: ignored.join(', ') } }] : [];
    return { values, warnings };
  }
}
