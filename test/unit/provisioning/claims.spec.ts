import { expect } from 'chai';
import { getClaim, lookupClaim } from '../../../src/provisioning/claims.js';

describe('provisioning/claims: claim access by dot path', () => {
  const claims = {
    sub: 'u1',
    email: null,
    realm_access: { roles: ['crm-sales', 'offline_access'] },
    'https://example.com/claims.groups': ['a'],
    nested: { deeper: { value: 42 } },
    list: [{ x: 1 }],
  };

  it('reads top-level and nested claims', () => {
    expect(getClaim(claims, 'sub')).to.equal('u1');
    expect(getClaim(claims, 'realm_access.roles')).to.deep.equal(['crm-sales', 'offline_access']);
    expect(getClaim(claims, 'nested.deeper.value')).to.equal(42);
  });

  it('finds a claim whose name contains dots by its full name first', () => {
    expect(getClaim(claims, 'https://example.com/claims.groups')).to.deep.equal(['a']);
  });

  it('tells an absent claim from a null one', () => {
    expect(lookupClaim(claims, 'email')).to.deep.equal({ present: true, value: null });
    expect(lookupClaim(claims, 'phone_number')).to.deep.equal({ present: false });
    expect(lookupClaim(claims, 'realm_access.groups')).to.deep.equal({ present: false });
    expect(lookupClaim(claims, '')).to.deep.equal({ present: false });
    expect(lookupClaim(claims, 'realm_access..roles')).to.deep.equal({ present: false });
  });

  it('does not walk into arrays or scalars', () => {
    expect(lookupClaim(claims, 'list.0.x')).to.deep.equal({ present: false });
    expect(lookupClaim(claims, 'sub.length')).to.deep.equal({ present: false });
  });

  it('prototype pollution: never reads inherited properties (__proto__, constructor, toString)', () => {
    for (const path of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'nested.__proto__',
      'nested.constructor.name',
      '__proto__.polluted',
    ]) {
      expect(lookupClaim(claims, path), path).to.deep.equal({ present: false });
    }
    const parsed = JSON.parse('{"__proto__": {"isAdmin": true}, "groups": ["x"]}') as Record<string, unknown>;
    expect(lookupClaim(parsed, '__proto__.isAdmin')).to.deep.equal({ present: true, value: true });
    expect(lookupClaim(parsed, 'isAdmin')).to.deep.equal({ present: false });
    expect(({} as Record<string, unknown>)['isAdmin']).to.equal(undefined);
  });
});
