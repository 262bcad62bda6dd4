import { expect } from 'chai';
import type { HttpRequest } from 'crm-host/sdk';
import { logoutTokenOf } from '../../../src/logout/backchannel-routes.js';
import { LogoutError } from '../../../src/logout/errors.js';
import { checkLogoutState, newLogoutState } from '../../../src/logout/logout-state.js';
import { expandLogoutUrl } from '../../../src/logout/end-session.js';

const FORM = 'application/x-www-form-urlencoded';

function request(parts: Partial<HttpRequest>): HttpRequest {
  return { query: {}, body: undefined, contentType: undefined, ...parts } as HttpRequest;
}

function codeOf(parts: Partial<HttpRequest>): string {
  try {
    return logoutTokenOf(request(parts));
  } catch (error) {
    expect(error).to.be.instanceOf(LogoutError);
    return (error as LogoutError).code;
  }
}

describe('logout/backchannel request parsing (matrix B-07)', () => {
  it('takes exactly one logout_token from a form body', () => {
    expect(codeOf({ contentType: FORM, body: { logout_token: 'a.b.c', ignored_parameter: '1' } })).to.equal('a.b.c');
  });

  it('B-07: duplicate parameter, JSON body, query string, missing or empty token are refused', () => {
    expect(codeOf({ contentType: FORM, body: { logout_token: ['a.b.c', 'a.b.c'] } })).to.equal(
      'ERR_LOGOUT_TOKEN_DUPLICATE',
    );
    expect(codeOf({ contentType: 'application/json', body: { logout_token: 'a.b.c' } })).to.equal(
      'ERR_LOGOUT_REQUEST_INVALID',
    );
    expect(codeOf({ contentType: FORM, query: { logout_token: 'a.b.c' }, body: { logout_token: 'a.b.c' } })).to.equal(
      'ERR_LOGOUT_TOKEN_IN_QUERY',
    );
    expect(codeOf({ contentType: FORM, body: {} })).to.equal('ERR_LOGOUT_TOKEN_MISSING');
    expect(codeOf({ contentType: FORM, body: { logout_token: '' } })).to.equal('ERR_LOGOUT_TOKEN_MISSING');
    expect(codeOf({ contentType: FORM, body: { logout_token: { nested: 'x' } } })).to.equal('ERR_LOGOUT_TOKEN_MISSING');
  });
});

describe('logout/logout-state and the logout URL template', () => {
  it('new states are 256-bit base64url and differ', () => {
    const a = newLogoutState();
    expect(a).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(newLogoutState()).not.to.equal(a);
  });

  it('checks the returned state against the browser cookie', () => {
    expect(checkLogoutState('s1', 's1')).to.equal('valid');
    expect(checkLogoutState(undefined, 's1')).to.equal('missing');
    expect(checkLogoutState('', 's1')).to.equal('missing');
    expect(checkLogoutState(['s1'], 's1')).to.equal('missing');
    expect(checkLogoutState('s1', undefined)).to.equal('no-cookie');
    expect(checkLogoutState('s2', 's1')).to.equal('mismatch');
    expect(checkLogoutState('s1-longer', 's1')).to.equal('mismatch');
  });

  it('replaces {siteUrl} and {clientId} URL-encoded, every occurrence', () => {
    expect(
      expandLogoutUrl('https://idp/x?a={siteUrl}&b={clientId}&c={clientId}', 'https://crm.example.com', 'c&d'),
    ).to.equal('https://idp/x?a=https%3A%2F%2Fcrm.example.com&b=c%26d&c=c%26d');
  });
});
