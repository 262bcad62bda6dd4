import { expect } from 'chai';
import { OidcClientError } from '../../../../src/oidc/client/errors.js';
import { OidcError } from '../../../../src/oidc/errors.js';
import { idpErrorOf, reportWarning } from '../../../../src/oidc/test-login/report-details.js';

const label = (key: string): string => ({ teams: 'teams', claim: 'claim' })[key] ?? key;

describe('test login report details: every warning names its subject, the IdP error code is kept', () => {
  it('appends the detail the text does not name (which team)', () => {
    const w = reportWarning(
      { code: 'WARN_OIDC_TEAM_UNKNOWN', detail: { teams: 'Sales, Support' } },
      'A mapped team does not exist.',
      label,
    );
    expect(w).to.deep.equal({
      code: 'WARN_OIDC_TEAM_UNKNOWN',
      message: 'A mapped team does not exist. (teams: Sales, Support)',
      detail: { teams: 'Sales, Support' },
    });
  });

  it('fills placeholders the text names and appends only the rest', () => {
    const w = reportWarning(
      { code: 'WARN_OIDC_GROUPS_TRUNCATED', detail: { claim: 'groups', limit: 100 } },
      'The claim {claim} holds too many values.',
      label,
    );
    expect(w.message).to.equal('The claim groups holds too many values. (limit: 100)');
  });

  it('a warning without detail keeps its text', () => {
    expect(reportWarning({ code: 'WARN_X' }, 'Text.', label)).to.deep.equal({ code: 'WARN_X', message: 'Text.' });
  });

  it("the IdP's OAuth error code: from the token endpoint (oauthError) or the callback (idpError)", () => {
    expect(idpErrorOf(new OidcClientError('ERR_OIDC_TOKEN_REJECTED', { oauthError: 'invalid_client' }))).to.equal(
      'invalid_client',
    );
    expect(idpErrorOf(new OidcError('ERR_OIDC_IDP_ERROR', { idpError: 'access_denied' }))).to.equal('access_denied');
    expect(idpErrorOf(new Error('x'))).to.equal(null);
  });
});
