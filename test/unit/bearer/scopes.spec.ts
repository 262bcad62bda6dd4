import { expect } from 'chai';
import { grantedScopes, missingScopes } from '../../../src/bearer/scopes.js';

describe('bearer/scopes', () => {
  it('reads the RFC 9068 scope claim (space-separated)', () => {
    expect([...grantedScopes({ scope: 'openid  crm.read crm.write' })]).to.deep.equal([
      'openid',
      'crm.read',
      'crm.write',
    ]);
  });

  it('reads scp as a list or as text (Entra ID, Okta)', () => {
    expect([...grantedScopes({ scp: ['crm.read', 7, ''] })]).to.deep.equal(['crm.read']);
    expect([...grantedScopes({ scp: 'a b' })]).to.deep.equal(['a', 'b']);
  });

  it('regression: an scp list was ignored (dangling else)', () => {
    expect(missingScopes({ scope: 'openid', scp: ['crm.read'] }, ['crm.read'])).to.deep.equal([]);
  });

  it('lists the required scopes a token lacks; other shapes grant nothing', () => {
    expect(missingScopes({ scope: 'crm.read' }, ['crm.read', 'crm.write'])).to.deep.equal(['crm.write']);
    expect(missingScopes({ scope: { x: 1 } }, ['x'])).to.deep.equal(['x']);
    expect(missingScopes({}, [])).to.deep.equal([]);
  });
});
