import { expect } from 'chai';
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from '../../../src/oidc/return-to.js';

describe('oidc: returnTo (C-06 open redirect)', () => {
  it('keeps relative paths with query and fragment', () => {
    for (const v of ['/', '/home', '/a/b?c=d&e=%2F', '/x#frag', '/%E2%82%AC']) expect(safeReturnTo(v)).to.equal(v);
  });

  it('refuses anything that could leave the site or is not a path', () => {
    for (const v of [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/a\\b',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
      ' /home',
      '/home\n',
      '/\tx',
      '/%2F%2Fevil.example',
      '/%5cevil.example',
      'x'.repeat(10),
      `/${'a'.repeat(MAX_RETURN_TO_LENGTH)}`,
    ]) {
      expect(safeReturnTo(v), JSON.stringify(v)).to.equal(null);
    }
  });

  it('refuses the flow routes themselves (a login returning to /oidc/login would loop through the IdP)', () => {
    for (const v of [
      '/oidc/login',
      '/oidc/login?returnTo=/x',
      '/OIDC/Login/',
      '/oidc/l%6Fgin',
      '/oauth-callback?code=x',
    ]) {
      expect(safeReturnTo(v), v).to.equal(null);
    }
    expect(safeReturnTo('/oidc/login-help')).to.equal('/oidc/login-help');
  });

  it('refuses non-strings (a repeated query parameter arrives as an array)', () => {
    for (const v of [undefined, null, 1, ['/a', '/b'], { toString: () => '/x' }])
      expect(safeReturnTo(v)).to.equal(null);
  });
});
