import type { ConfigReader } from './value-reader.js';

/**
 * The callback paths the extension serves below the site URL (and below each portal's
 * `/portal/<urlId>`): our own `/oauth-callback`, and EspoCRM's `/oauth-callback.php`, so an IdP
 * registration made for EspoCRM (or from the authentik and Authelia guides) keeps working. Both run the
 * same handler with the same checks; `oidcRedirectUriPath` chooses which one is sent as `redirect_uri`.
 */
export const REDIRECT_PATHS = ['/oauth-callback', '/oauth-callback.php'] as const;
export type RedirectPath = (typeof REDIRECT_PATHS)[number];

/** The default redirect path (`oidcRedirectUriPath`'s default). */
export const REDIRECT_PATH: RedirectPath = '/oauth-callback';

/** The config key choosing the redirect path. */
export const REDIRECT_PATH_SETTING = 'oidcRedirectUriPath';

export function isRedirectPath(value: unknown): value is RedirectPath {
  return typeof value === 'string' && (REDIRECT_PATHS as readonly string[]).includes(value);
}

/**
 * The chosen redirect path of a configuration (a config reader, or plain values such as the form's):
 * an unknown or unset value reads as the default (the settings reader reports an invalid one).
 */
export function chosenRedirectPath(settings: ConfigReader | Readonly<Record<string, unknown>>): RedirectPath {
  const value = isReader(settings) ? settings.get(REDIRECT_PATH_SETTING) : settings[REDIRECT_PATH_SETTING];
  return isRedirectPath(value) ? value : REDIRECT_PATH;
}

function isReader(settings: ConfigReader | Readonly<Record<string, unknown>>): settings is ConfigReader {
  return typeof settings['get'] === 'function';
}

/**
 * The part of a redirect URI before its callback path (`https://crm/portal/x` for
 * `https://crm/portal/x/oauth-callback.php`), or null when the URI ends in no served callback path.
 * Two redirect URIs with the same base belong to the same configuration (CRM or one portal).
 */
export function redirectUriBase(uri: string): string | null {
  // Longest first: '/oauth-callback' is a prefix of '/oauth-callback.php'.
  const path = [...REDIRECT_PATHS].sort((a, b) => b.length - a.length).find((p) => uri.endsWith(p));
  return path ? uri.slice(0, -path.length) : null;
}
