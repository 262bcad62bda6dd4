import type { OidcSettings } from '../../../settings/index.js';
import { OidcClientError } from '../errors.js';

/** The client secret, or `ERR_OIDC_CLIENT_SECRET_MISSING` (the settings reader normally refuses this earlier). */
export function requireClientSecret(settings: OidcSettings): string {
  if (settings.clientSecret === null || settings.clientSecret === '') {
    throw new OidcClientError('ERR_OIDC_CLIENT_SECRET_MISSING', {
      detail: `needed by ${settings.tokenEndpointAuthMethod}`,
    });
  }
  return settings.clientSecret;
}

/**
 * application/x-www-form-urlencoded encoding of one value (RFC 6749 §2.3.1 and Appendix B): UTF-8,
 * percent-encoded, space as `+`.
 */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
