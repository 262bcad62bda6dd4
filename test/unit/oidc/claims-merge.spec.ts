import { expect } from 'chai';
import { mergeClaims } from '../../../src/oidc/claims-merge.js';

describe('oidc: claims merge', () => {
  it('the ID token wins unless its value is null or absent', () => {
    const merged = mergeClaims(
      { sub: 'a', email: 'id@example.test', name: null, groups: ['x'] },
      { sub: 'a', email: 'ui@example.test', name: 'From UserInfo', phone_number: '+1', groups: 'y' },
    );
    expect({ ...merged }).to.deep.equal({
      sub: 'a',
      email: 'id@example.test',
      name: 'From UserInfo',
      phone_number: '+1',
      groups: ['x'],
    });
  });

  it('keeps a literal "__proto__" member as data (no prototype change)', () => {
    const userInfo = JSON.parse('{"sub":"a","__proto__":{"isAdmin":true}}') as Record<string, unknown>;
    const merged = mergeClaims({ sub: 'a' }, userInfo);
    expect(Object.getPrototypeOf(merged)).to.equal(null);
    expect((merged as Record<string, unknown>)['isAdmin']).to.equal(undefined);
    expect(Object.keys(merged)).to.include('__proto__');
    expect(({} as Record<string, unknown>)['isAdmin']).to.equal(undefined);
  });
});
