/**
 * The URIs an identity provider needs for the oidc-auth extension, as served by its routes
 * (src/settings/read-settings.ts REDIRECT_PATH, src/logout/logout-state.ts POST_LOGOUT_PATH,
 * src/logout/backchannel-routes.ts BACKCHANNEL_PATHS). The host may not import the extension, so the
 * paths are repeated here; host/test/cli/init.spec.ts checks them against the extension's constants.
 */
export const IDP_PATHS = {
  redirect: '/oauth-callback',
  redirectEspoCrm: '/oauth-callback.php',
  postLogout: '/oidc/logged-out',
  backchannelLogout: '/api/v1/backchannelLogout',
} as const;

export function idpRegistrationUris(siteUrl: string): Array<{ label: string; uri: string }> {
  const base = siteUrl.replace(/\/+$/, '');
  return [
    { label: 'Redirect URI', uri: `${base}${IDP_PATHS.redirect}` },
    { label: 'Redirect URI (EspoCRM form)', uri: `${base}${IDP_PATHS.redirectEspoCrm}` },
    { label: 'Post-logout redirect URI', uri: `${base}${IDP_PATHS.postLogout}` },
    { label: 'Back-channel logout URI', uri: `${base}${IDP_PATHS.backchannelLogout}` },
  ];
}
