import { expect } from 'chai';
import { LogoutError } from '../../../src/logout/errors.js';
import { BACKCHANNEL_LOGOUT_EVENT, logoutRequestOf } from '../../../src/logout/logout-token.js';

const valid = () => ({
  iss: 'https://idp.example.com',
  aud: 'crm',
  iat: 1_700_000_000,
  exp: 1_700_000_120,
  jti: 'j-1',
  events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  sub: 'alice',
  sid: 'sid-1',
});

function codeOf(payload: Record<string, unknown>): string {
  try {
    logoutRequestOf(payload);
    return 'accepted';
  } catch (error) {
    expect(error).to.be.instanceOf(LogoutError);
    return (error as LogoutError).code;
  }
}

describe('logout/logout-token: the logout-token rules after JWT verification', () => {
  it('reads issuer, sub, sid, jti, iat and exp of a valid token', () => {
    expect(logoutRequestOf(valid())).to.deep.equal({
      issuer: 'https://idp.example.com',
      sub: 'alice',
      sid: 'sid-1',
      jti: 'j-1',
      iat: 1_700_000_000,
      exp: 1_700_000_120,
    });
    expect(logoutRequestOf({ ...valid(), exp: undefined }).exp).to.equal(null);
  });

  it('no-event / wrong-event: the back-channel member is required (ERR_LOGOUT_EVENT_MISSING)', () => {
    expect(codeOf({ ...valid(), events: undefined })).to.equal('ERR_LOGOUT_EVENT_MISSING');
    expect(codeOf({ ...valid(), events: { 'http://schemas.openid.net/event/foobar': {} } })).to.equal(
      'ERR_LOGOUT_EVENT_MISSING',
    );
    expect(codeOf({ ...valid(), events: [BACKCHANNEL_LOGOUT_EVENT] })).to.equal('ERR_LOGOUT_EVENT_MISSING');
    expect(codeOf({ ...valid(), events: BACKCHANNEL_LOGOUT_EVENT })).to.equal('ERR_LOGOUT_EVENT_MISSING');
  });

  it('event-not-object: the member value must be an object (ERR_LOGOUT_EVENT_INVALID)', () => {
    for (const value of [true, 'x', null, []])
      expect(codeOf({ ...valid(), events: { [BACKCHANNEL_LOGOUT_EVENT]: value } }), String(value)).to.equal(
        'ERR_LOGOUT_EVENT_INVALID',
      );
  });

  it('sub-only and sid-only pass; neither sub nor sid fails (B-02, B-03)', () => {
    expect(logoutRequestOf({ ...valid(), sid: undefined }).sid).to.equal(null);
    expect(logoutRequestOf({ ...valid(), sub: undefined }).sub).to.equal(null);
    expect(codeOf({ ...valid(), sub: undefined, sid: undefined })).to.equal('ERR_LOGOUT_SUBJECT_MISSING');
  });

  it('a sid that is not text is refused rather than widening the logout to every session of sub', () => {
    expect(codeOf({ ...valid(), sid: 42 })).to.equal('ERR_LOGOUT_SUBJECT_MISSING');
    expect(codeOf({ ...valid(), sid: '' })).to.equal('ERR_LOGOUT_SUBJECT_MISSING');
  });

  it('with-nonce: any nonce is refused (ERR_LOGOUT_NONCE_PRESENT)', () => {
    expect(codeOf({ ...valid(), nonce: 'n' })).to.equal('ERR_LOGOUT_NONCE_PRESENT');
    expect(codeOf({ ...valid(), nonce: null })).to.equal('ERR_LOGOUT_NONCE_PRESENT');
  });

  it('missing-jti: a jti is required (ERR_LOGOUT_JTI_MISSING)', () => {
    expect(codeOf({ ...valid(), jti: undefined })).to.equal('ERR_LOGOUT_JTI_MISSING');
    expect(codeOf({ ...valid(), jti: '' })).to.equal('ERR_LOGOUT_JTI_MISSING');
  });

  it('ignores unknown claims (rp-backchannel-rpinitlogout)', () => {
    expect(codeOf({ ...valid(), ignored_claim: 'x' })).to.equal('accepted');
  });

  it('gives every error 400, a stable code and an i18n key, never a claim value', () => {
    try {
      logoutRequestOf({ ...valid(), nonce: 'secret-nonce-value' });
    } catch (error) {
      expect(error).to.include({ status: 400, i18nKey: 'Oidc.logout.ERR_LOGOUT_NONCE_PRESENT' });
      expect((error as Error).message).not.to.contain('secret-nonce-value');
    }
  });
});
