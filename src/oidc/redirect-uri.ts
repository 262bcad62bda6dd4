import type { SiteUrl } from 'crm-host/sdk';
import { chosenRedirectPath, REDIRECT_PATHS, type RedirectPath } from '../settings/redirect-path.js';
import { redirectUriFor as siteRedirectUri } from '../settings/read-settings.js';
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

/** The callback `path` below the site URL: as is for the CRM, below `/portal/<urlId>` for a portal. */
function pathBelowSite(path: RedirectPath, options: RedirectUriOptions): string {
  return options.portalUrlId ? `/portal/${options.portalUrlId}${path}` : path;
}

/**
 * The redirect URI the extension sends (and the IdP must have registered): the configured site URL (never
 * a request's host), the portal's prefix, and the chosen `oidcRedirectUriPath`, joined as the login's
 * `redirectUri` is (`settings/read-settings.ts`). `settings` is a config reader or plain values (e.g. the
 * settings form's unsaved ones).
 */
export function redirectUriFor(
  settings: ConfigReader | Readonly<Record<string, unknown>>,
  siteUrl: string | SiteUrl,
  options: RedirectUriOptions = {},
): string {
  return siteRedirectUri(siteUrl, pathBelowSite(chosenRedirectPath(settings), options));
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
  const chosen = chosenRedirectPath(settings);
  return [chosen, ...REDIRECT_PATHS.filter((p) => p !== chosen)].map((path) => ({
    uri: siteRedirectUri(siteUrl, pathBelowSite(path, options)),
    path,
    chosen: path === chosen,
  }));
}
