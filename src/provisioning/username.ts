import { injectable } from 'inversify';
import { lookupClaim, type Claims } from './claims.js';
import type { ProvisioningDenialCode } from './errors.js';

/** Longest user name the host stores (`User.userName`). */
export const MAX_USERNAME_LENGTH = 255;

/**
 * Normalizes a user name the way EspoCRM does: lowercase, then every character outside
 * `[a-z0-9_.@-]` (including spaces and each non-ASCII code point) becomes `_`.
 */
export function normalizeUsername(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_.@-]/gu, '_');
}

export type UsernameResult = { ok: true; userName: string } | { ok: false; code: ProvisioningDenialCode };

/** Turns claims into a CRM user name (DI: {@link PROVISIONING_TYPES.UsernameStrategy}; replaceable). */
export interface UsernameStrategy {
  userNameFor(claims: Claims, usernameClaim: string): UsernameResult;
}

/**
 * Default strategy: the configured claim (dot path), normalized. Denies a missing claim, a value that
 * is not a string, an empty (or whitespace-only) value and one longer than 255 characters after
 * normalization. A collision with a user linked to another identity is checked by the service.
 */
@injectable()
export class ClaimUsernameStrategy implements UsernameStrategy {
  userNameFor(claims: Claims, usernameClaim: string): UsernameResult {
    const found = lookupClaim(claims, usernameClaim);
    if (!found.present || found.value === null) return { ok: false, code: 'ERR_OIDC_USERNAME_CLAIM_MISSING' };
    if (typeof found.value !== 'string') return { ok: false, code: 'ERR_OIDC_USERNAME_NOT_STRING' };
    if (found.value.trim() === '') return { ok: false, code: 'ERR_OIDC_USERNAME_EMPTY' };
    // Each code point becomes one character, so more than 2 * max UTF-16 units is always too long.
    if (found.value.length > 2 * MAX_USERNAME_LENGTH + 64) return { ok: false, code: 'ERR_OIDC_USERNAME_TOO_LONG' };
    const userName = normalizeUsername(found.value.trim());
    if (userName.length > MAX_USERNAME_LENGTH) return { ok: false, code: 'ERR_OIDC_USERNAME_TOO_LONG' };
    return { ok: true, userName };
  }
}
