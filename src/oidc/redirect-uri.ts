import type { SiteUrl } from 'crm-host/sdk';
import { chosenRedirectPath, REDIRECT_PATHS, type RedirectPath } from '../settings/redirect-path.js';
import type { ConfigReader } from '../settings/value-reader.js';

/** Which redirect URI: the CRM's (no portal) or one portal's (`/portal/<urlId>` below the site URL). */
export interface RedirectUriOptions {
  readonly portalUrlId?: string | null;
}

/** One callback address the extension serves, and whether it is the one sent as `redirect_uri`. */
export interface ServedRedirectUri {
  readonly uri: string;
  readonly path: RedirectPath;
  /** The chosen one (`oidcRedirectUriPath`): sent in the authorization and token requests. */
  readonly chosen: boolean;
}

function baseOf(siteUrl: string | SiteUrl, options: RedirectUriOptions): string {
  const site = (typeof siteUrl === 'string' ? siteUrl : siteUrl.get()).replace(/\/+$/, '');
  return options.portalUrlId ? `${site}/portal/${options.portalUrlId}` : site;
}

/**
 * The redirect URI the extension sends (and the IdP must have registered): the configured site URL (never
 * a request's host), the portal's prefix, and the chosen `oidcRedirectUriPath`. `settings` is a config
 * reader or plain values (e.g. the settings form's unsaved ones).
 */
export function redirectUriFor(
  settings: ConfigReader | Readonly<Record<string, unknown>>,
  siteUrl: string | SiteUrl,
  options: RedirectUriOptions = {},
): string {
  return `${baseOf(siteUrl, options)}${chosenRedirectPath(settings)}`;
}

/**
 * Every callback address served for the CRM or a portal (`/oauth-callback` and `/oauth-callback.php`), the
 * chosen one first: for a "register at your IdP" list. The other one is served with the same checks but
 * finishes only sign-ins that were sent with it.
 */
export function servedRedirectUris(
  settings: ConfigReader | Readonly<Record<string, unknown>>,
  siteUrl: string | SiteUrl,
  options: RedirectUriOptions = {},
): ServedRedirectUri[] {
  const base = baseOf(siteUrl, options);
  const chosen = chosenRedirectPath(settings);
  return [chosen, ...REDIRECT_PATHS.filter((p) => p !== chosen)].map((path) => ({
    uri: `${base}${path}`,
    path,
    chosen: path === chosen,
  }));
}
