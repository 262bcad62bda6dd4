import { BACKCHANNEL_PATHS } from '../logout/backchannel-routes.js';
import { POST_LOGOUT_PATH } from '../logout/logout-state.js';
import { LOGIN_PATH } from '../oidc/login-starter.js';
import { portalBackchannelPath, portalLoginPath, portalRedirectPath } from '../providers/fields.js';
import { REDIRECT_PATH } from '../settings/read-settings.js';

/** The EspoCRM-compatible form of the redirect URI (IdP registrations made for EspoCRM keep working). */
export const ESPOCRM_REDIRECT_PATH = '/oauth-callback.php';

/**
 * The setting choosing which redirect URI form is the primary one (`/oauth-callback` or
 * `/oauth-callback.php`); absent or anything else: `/oauth-callback`.
 */
export const PRIMARY_REDIRECT_SETTING = 'oidcRedirectUriPath';

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

/**
 * Every address the identity provider needs for the CRM's own client (the Oidc authentication method),
 * the one list the settings form, `GET /api/v1/Oidc/registrationUris` and `crm-host oidc uris` show.
 * `primaryRedirectPath` is {@link REDIRECT_PATH} or {@link ESPOCRM_REDIRECT_PATH}.
 */
export function crmRegistrationUris(siteUrl: string, primaryRedirectPath: string = REDIRECT_PATH): RegistrationUri[] {
  const phpPrimary = primaryRedirectPath === ESPOCRM_REDIRECT_PATH;
  return [
    entry('redirectUri', 'redirect', join(siteUrl, REDIRECT_PATH), 'redirect_uris', 'Redirect URI', {
      required: !phpPrimary,
      primary: !phpPrimary,
    }),
    entry(
      'redirectUriEspoCrm',
      'redirect',
      join(siteUrl, ESPOCRM_REDIRECT_PATH),
      'redirect_uris',
      'Redirect URI (EspoCRM-compatible form)',
      { required: phpPrimary, primary: phpPrimary },
    ),
    entry(
      'postLogoutRedirectUri',
      'postLogoutRedirect',
      join(siteUrl, POST_LOGOUT_PATH),
      'post_logout_redirect_uris',
      'Post-logout redirect URI',
    ),
    entry(
      'backchannelLogoutUri',
      'backchannelLogout',
      join(siteUrl, BACKCHANNEL_PATHS[0]),
      'backchannel_logout_uri',
      'Back-channel logout URI',
    ),
    entry('initiateLoginUri', 'initiateLogin', join(siteUrl, LOGIN_PATH), 'initiate_login_uri', 'Login start URL', {
      required: false,
    }),
  ];
}

/** The addresses a portal's provider client needs (one set per portal linked to the provider). */
export function portalRegistrationUris(siteUrl: string, urlId: string): RegistrationUri[] {
  return [
    entry('portalRedirectUri', 'redirect', join(siteUrl, portalRedirectPath(urlId)), 'redirect_uris', 'Redirect URI'),
    entry(
      'postLogoutRedirectUri',
      'postLogoutRedirect',
      join(siteUrl, POST_LOGOUT_PATH),
      'post_logout_redirect_uris',
      'Post-logout redirect URI',
    ),
    entry(
      'portalBackchannelLogoutUri',
      'backchannelLogout',
      join(siteUrl, portalBackchannelPath(urlId)),
      'backchannel_logout_uri',
      'Back-channel logout URI',
    ),
    entry(
      'initiateLoginUri',
      'initiateLogin',
      join(siteUrl, portalLoginPath(urlId)),
      'initiate_login_uri',
      'Login start URL',
      {
        required: false,
      },
    ),
  ];
}
