import { expect } from 'chai';
import { ClaimUsernameStrategy, MAX_USERNAME_LENGTH, normalizeUsername } from '../../../src/provisioning/username.js';

describe('provisioning/username: claim-to-username strategy', () => {
  describe('normalizeUsername (like EspoCRM: lowercase; outside [a-z0-9_.@-] becomes _)', () => {
    const table: Array<[string, string]> = [
      ['Test|Name', 'test_name'],
      ['test name', 'test_name'],
      ['Alice@Example.COM', 'alice@example.com'],
      ['a+b@x.org', 'a_b@x.org'],
      ['john.doe-1_2', 'john.doe-1_2'],
      ['Jürgen', 'j_rgen'],
      ['日本', '__'],
      ['😀x', '_x'],
      ['tab\there', 'tab_here'],
      ["o'neil", 'o_neil'],
      ['DOMAIN\\user', 'domain_user'],
      ['f47ac10b-58cc-4372-A567-0e02b2c3d479', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ];
    for (const [input, expected] of table) {
      it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () =>
        expect(normalizeUsername(input)).to.equal(expected));
    }
  });

  const strategy = new ClaimUsernameStrategy();

  it('uses the configured claim, with dot paths, trimmed', () => {
    expect(strategy.userNameFor({ preferred_username: ' Alice ' }, 'preferred_username')).to.deep.equal({
      ok: true,
      userName: 'alice',
    });
    expect(strategy.userNameFor({ ext: { login: 'Bob' } }, 'ext.login')).to.deep.equal({ ok: true, userName: 'bob' });
  });

  it('denies with a reason code instead of crashing', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'ERR_OIDC_USERNAME_CLAIM_MISSING'],
      [{ u: null }, 'ERR_OIDC_USERNAME_CLAIM_MISSING'],
      [{ u: 42 }, 'ERR_OIDC_USERNAME_NOT_STRING'],
      [{ u: ['a'] }, 'ERR_OIDC_USERNAME_NOT_STRING'],
      [{ u: { a: 1 } }, 'ERR_OIDC_USERNAME_NOT_STRING'],
      [{ u: true }, 'ERR_OIDC_USERNAME_NOT_STRING'],
      [{ u: '' }, 'ERR_OIDC_USERNAME_EMPTY'],
      [{ u: '   ' }, 'ERR_OIDC_USERNAME_EMPTY'],
      [{ u: 'a'.repeat(MAX_USERNAME_LENGTH + 1) }, 'ERR_OIDC_USERNAME_TOO_LONG'],
      [{ u: 'x'.repeat(1_000_000) }, 'ERR_OIDC_USERNAME_TOO_LONG'],
    ];
    for (const [claims, code] of cases)
      expect(strategy.userNameFor(claims, 'u'), JSON.stringify(claims).slice(0, 40)).to.deep.equal({ ok: false, code });
  });

  it('accepts exactly 255 characters, and counts a non-ASCII character as one', () => {
    expect(strategy.userNameFor({ u: 'a'.repeat(255) }, 'u')).to.deep.include({ ok: true });
    expect(strategy.userNameFor({ u: '😀'.repeat(255) }, 'u')).to.deep.equal({ ok: true, userName: '_'.repeat(255) });
  });

  it('does not read the username from the prototype chain', () => {
    expect(strategy.userNameFor({}, 'constructor.name')).to.deep.equal({
      ok: false,
      code: 'ERR_OIDC_USERNAME_CLAIM_MISSING',
    });
  });
});
