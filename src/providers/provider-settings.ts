import type { ConfigService, ConfigValue, SiteUrl } from 'crm-host/sdk';
import { readOidcSettings } from '../settings/read-settings.js';
import { chosenRedirectPath } from '../settings/redirect-path.js';
import type { OidcSettings } from '../settings/types.js';
import { PROVIDER_FIELDS, PROVIDER_FORCED, PROVIDER_GLOBAL_FIELDS, portalRedirectPath } from './fields.js';

const OWN: ReadonlySet<string> = new Set(PROVIDER_FIELDS);
const GLOBAL: ReadonlySet<string> = new Set(PROVIDER_GLOBAL_FIELDS);

export interface ProviderReadOptions {
  /**
   * The portal the login runs in: its redirect URI is `<siteUrl>/portal/<urlId>` + the CRM's chosen
   * `oidcRedirectUriPath` (`/oauth-callback` or `/oauth-callback.php`).
   */
  portalUrlId?: string | null;
  isSymmetricAlgorithm?: (alg: string) => boolean;
}

/**
 * A config reader over a provider's values: its own fields from `values` (unset: the CRM defaults),
 * the forced-off fields as forced, and the global fields (max age, JWKS cache period, clock tolerance,
 * allow-http) from the CRM's config. Anything else reads as unset.
 */
export function providerReader(
  values: Readonly<Record<string, unknown>>,
  config: Pick<ConfigService, 'get'>,
): Pick<ConfigService, 'get'> {
  return {
    get: <T extends ConfigValue = ConfigValue>(key: string, fallback?: T): T | undefined => {
      if (Object.hasOwn(PROVIDER_FORCED, key)) return PROVIDER_FORCED[key] as T;
      if (GLOBAL.has(key)) return config.get<T>(key, fallback);
      if (OWN.has(key)) {
        const value = values[key];
        return (value === null || value === undefined ? fallback : value) as T | undefined;
      }
      return fallback;
    },
  };
}

/**
 * Reads and validates a provider's settings the way the CRM's are read (same rules, same error type
 * naming every problem setting). Without a portal the redirect URI is `''` (logout-token verification).
 */
export function readProviderSettings(
  values: Readonly<Record<string, unknown>>,
  config: Pick<ConfigService, 'get'>,
  siteUrl: string | SiteUrl,
  options: ProviderReadOptions = {},
): OidcSettings {
  return readOidcSettings(providerReader(values, config), siteUrl, {
    ...(options.isSymmetricAlgorithm ? { isSymmetricAlgorithm: options.isSymmetricAlgorithm } : {}),
    redirectPath: options.portalUrlId ? portalRedirectPath(options.portalUrlId, chosenRedirectPath(config)) : null,
  });
}
