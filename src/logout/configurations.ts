import { decodeJsonObject, splitCompact } from '../jwt/compact.js';
import type { OidcSettings } from '../settings/types.js';

/** The back-channel body limit bounds tokens anyway; the verifier applies its own limit after this. */
const MAX_TOKEN_LENGTH = 64 * 1024;

/** One OIDC client configuration a logout token may belong to: the CRM's (providerId null) or a provider's. */
export interface LogoutConfiguration {
  readonly providerId: string | null;
  readonly settings: OidcSettings;
}

/**
 * The authentication providers' configurations (bound by the providers domain; unbound: the CRM only).
 * Settings are read without a redirect URI (verification never sends one).
 */
export interface ProviderConfigurations {
  /** Every provider whose settings are complete (incomplete ones cannot verify anything). */
  all(): Promise<LogoutConfiguration[]>;
  /** One provider's; null when it does not exist. Throws `OidcSettingsError` when its settings are incomplete. */
  one(providerId: string): Promise<LogoutConfiguration | null>;
  /** The provider of an active portal (`/portal/<urlId>/`), or null. */
  providerOfPortal(urlId: string): Promise<string | null>;
  /** The `urlId` of a portal (by id), or null (for the "Sign in again" link after a portal's logout). */
  portalUrlIdOf(portalId: string): Promise<string | null>;
}

/** The back-channel logout route of each portal (only its provider's tokens are accepted there). */
export const PORTAL_BACKCHANNEL_ROUTE = '/portal/:urlId/backchannelLogout';

/** `iss` and `aud` of a token, read WITHOUT verification, only to pick the configuration to verify it with. */
export function unverifiedIssuerAndAudience(token: string): { iss: string | null; aud: readonly string[] } {
  try {
    const payload = decodeJsonObject(splitCompact(token, MAX_TOKEN_LENGTH).payloadSegment, 'payload');
    const iss = typeof payload['iss'] === 'string' ? payload['iss'] : null;
    const raw = payload['aud'];
    const aud = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((a) => typeof a === 'string') : [];
    return { iss, aud };
  } catch {
    return { iss: null, aud: [] };
  }
}

/** The configurations whose issuer is the token's `iss` and whose client id is in its `aud`. */
export function matchingConfigurations(
  token: string,
  candidates: readonly LogoutConfiguration[],
): LogoutConfiguration[] {
  const { iss, aud } = unverifiedIssuerAndAudience(token);
  if (iss === null) return [];
  return candidates.filter((c) => c.settings.issuer === iss && aud.includes(c.settings.clientId));
}
