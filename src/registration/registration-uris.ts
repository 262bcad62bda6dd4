import { BACKCHANNEL_PATHS } from '../logout/backchannel-routes.js';
import { POST_LOGOUT_PATH } from '../logout/logout-state.js';
import { LOGIN_PATH } from '../oidc/login-starter.js';
import { redirectUriFor, servedRedirectUris } from '../oidc/redirect-uri.js';
import { portalBackchannelPath, portalLoginPath } from '../providers/fields.js';
import { REDIRECT_PATHS, type RedirectPath } from '../settings/redirect-path.js';
import type { ConfigReader } from '../settings/value-reader.js';

/** The settings the list depends on (`oidcRedirectUriPath`): a config reader or plain values. */
export type RegistrationSettings = ConfigReader | Readonly<Record<string, unknown>>;

/** What the identity provider calls the address (its client registration field). */
export type RegistrationKind = 'redirect' | 'postLogoutRedirect' | 'backchannelLogout' | 'initiateLogin';

/** One address to register at the identity provider. */
export interface RegistrationUri {
  /** Stable id, e.g. `redirectUri`, `redirectUriEspoCrm`. */
  readonly key: string;
  readonly kind: RegistrationKind;
  readonly uri: string;
  /** The IdP's client metadata field (OIDC Dynamic Client Registration names). */
  readonly registrationField: string;
  /** Whether the IdP needs it (false: optional, e.g. the second redirect URI form). */
  readonly required: boolean;
  /** Among several forms of the same kind: the one this CRM sends (e.g. the primary redirect URI). */
  readonly primary: boolean;
  /** `OidcClient.registration.<key>` (label) and `OidcClient.registration.<key>Hint` (what it is for). */
  readonly i18nKey: string;
  /** English label (CLI, logs). */
  readonly label: string;
}

const join = (siteUrl: string, path: string): string => `${siteUrl.replace(/\/+$/, '')}${path}`;

const entry = (
  key: string,
  kind: RegistrationKind,
  uri: string,
  registrationField: string,
  label: string,
  flags: { required?: boolean; primary?: boolean } = {},
): RegistrationUri => ({
  key,
  kind,
  uri,
  registrationField,
  required: flags.required ?? true,
  primary: flags.primary ?? true,
  i18nKey: `OidcClient.registration.${key}`,
  label,
});

/** The CRM's rows per served redirect path (key and label); which one is primary comes from the setting. */
const CRM_REDIRECT_ROWS: Readonly<Record<RedirectPath, { key: string; label: string }>> = {
  '/oauth-callback': { key: 'redirectUri', label: 'Redirect URI' },
  '/oauth-callback.php': { key: 'redirectUriEspoCrm', label: 'Redirect URI (EspoCRM-compatible form)' },
};

/** The rows after the redirect URI(s), the same for the CRM and a portal but for the two paths. */
function logoutAndLoginUris(
  siteUrl: string,
  backchannel: { key: string; path: string },
  loginPath: string,
): RegistrationUri[] {
  return [
    entry(
      'postLogoutRedirectUri',
      'postLogoutRedirect',
      join(siteUrl, POST_LOGOUT_PATH),
      'post_logout_redirect_uris',
      'Post-logout redirect URI',
    ),
    entry(
      backchannel.key,
      'backchannelLogout',
      join(siteUrl, backchannel.path),
      'backchannel_logout_uri',
      'Back-channel logout URI',
    ),
    entry('initiateLoginUri', 'initiateLogin', join(siteUrl, loginPath), 'initiate_login_uri', 'Login start URL', {
      required: false,
    }),
  ];
}

/**
 * Every address the identity provider needs for the CRM's own client (the Oidc authentication method),
 * the one list the settings form, `GET /api/v1/Oidc/registrationUris` and `crm-host oidc uris` show. The
 * redirect URIs are {@link servedRedirectUris} (in {@link REDIRECT_PATHS} order): the chosen one
 * (`oidcRedirectUriPath`) is primary and required, the other an optional alternative.
 */
export function crmRegistrationUris(settings: RegistrationSettings, siteUrl: string): RegistrationUri[] {
  const order = (path: RedirectPath): number => REDIRECT_PATHS.indexOf(path);
  const redirects = servedRedirectUris(settings, siteUrl)
    .sort((a, b) => order(a.path) - order(b.path))
    .map((served) => {
      const row = CRM_REDIRECT_ROWS[served.path];
      const flags = { required: served.chosen, primary: served.chosen };
      return entry(row.key, 'redirect', served.uri, 'redirect_uris', row.label, flags);
    });
  return [
    ...redirects,
    ...logoutAndLoginUris(siteUrl, { key: 'backchannelLogoutUri', path: BACKCHANNEL_PATHS[0] }, LOGIN_PATH),
  ];
}

/**
 * The addresses a portal's provider client needs (one set per portal linked to the provider); its redirect
 * URI is {@link redirectUriFor} the portal (the chosen `oidcRedirectUriPath`, as the login sends it).
 */
export function portalRegistrationUris(
  settings: RegistrationSettings,
  siteUrl: string,
  urlId: string,
): RegistrationUri[] {
  const redirect = redirectUriFor(settings, siteUrl, { portalUrlId: urlId });
  return [
    entry('portalRedirectUri', 'redirect', redirect, 'redirect_uris', 'Redirect URI'),
    ...logoutAndLoginUris(
      siteUrl,
      { key: 'portalBackchannelLogoutUri', path: portalBackchannelPath(urlId) },
      portalLoginPath(urlId),
    ),
  ];
}
