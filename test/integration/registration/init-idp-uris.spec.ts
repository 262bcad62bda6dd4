import { expect } from 'chai';
import { IDP_PATHS, idpRegistrationUris } from 'crm-host/internal/cli/commands/idp-uris';
import { BACKCHANNEL_PATHS } from '../../../src/logout/backchannel-routes.js';
import { POST_LOGOUT_PATH } from '../../../src/logout/logout-state.js';
import { REDIRECT_PATHS } from '../../../src/settings/redirect-path.js';

/**
 * `crm-host init` prints the IdP URIs from the host (which may not import the extension): its paths must be
 * the ones the extension serves.
 */
describe('registration: the URIs crm-host init prints are the ones the extension serves', () => {
  it('redirect URI (both forms), post-logout redirect URI, back-channel logout URI', () => {
    expect([IDP_PATHS.redirect, IDP_PATHS.redirectEspoCrm]).to.deep.equal([...REDIRECT_PATHS]);
    expect(IDP_PATHS.postLogout).to.equal(POST_LOGOUT_PATH);
    expect(IDP_PATHS.backchannelLogout).to.equal(BACKCHANNEL_PATHS[0]);
    expect(idpRegistrationUris('https://crm.example.com/').map((u) => u.uri)).to.deep.equal([
      'https://crm.example.com/oauth-callback',
      'https://crm.example.com/oauth-callback.php',
      'https://crm.example.com/oidc/logged-out',
      'https://crm.example.com/api/v1/backchannelLogout',
    ]);
  });
});
