import { expect } from 'chai';
import { readCallbackParams } from '../../../src/oidc/callback-params.js';
import { OidcError } from '../../../src/oidc/errors.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof OidcError ? error.code : 'other';
  }
  return undefined;
};

describe('oidc: callback parameters (R-07, R-08)', () => {
  it('reads code, state, iss, error and error_description', () => {
    expect(readCallbackParams({ code: 'c', state: 's', iss: 'https://i' })).to.include({
      code: 'c',
      state: 's',
      iss: 'https://i',
    });
    expect(readCallbackParams({ state: 's', error: 'access_denied', error_description: 'User said no' })).to.include({
      error: 'access_denied',
      errorDescription: 'User said no',
    });
  });

  it('R-08: refuses any repeated parameter', () => {
    for (const name of ['code', 'state', 'iss', 'error', 'other']) {
      expect(
        codeOf(() => readCallbackParams({ [name]: ['a', 'b'], state: name === 'state' ? ['a', 'b'] : 's' })),
      ).to.equal('ERR_OIDC_CALLBACK_DUPLICATE_PARAM');
    }
  });

  it('R-07: refuses id_token, token, access_token and response', () => {
    for (const name of ['id_token', 'token', 'access_token', 'response']) {
      expect(codeOf(() => readCallbackParams({ code: 'c', state: 's', [name]: 'x' }))).to.equal(
        'ERR_OIDC_CALLBACK_UNEXPECTED_PARAM',
      );
    }
  });

  it('an error outside the RFC 6749 syntax becomes invalid_response; the description is reduced to printable text', () => {
    const p = readCallbackParams({
      state: 's',
      error: 'bad"<script>',
      error_description: 'a\u0000b\u202e<i>c</i>\n'.repeat(50),
    });
    expect(p.error).to.equal('invalid_response');
    expect(p.errorDescription).to.have.length.at.most(300);
    expect(p.errorDescription).to.match(/^[\x20-\x7e]+$/);
  });

  it('ignores inherited members (a __proto__ parameter is refused)', () => {
    expect(readCallbackParams(Object.create({ code: 'inherited' }) as Record<string, string>).code).to.equal(undefined);
    const query = JSON.parse('{"__proto__":"x","state":"s"}') as Record<string, string>;
    expect(codeOf(() => readCallbackParams(query))).to.equal('ERR_OIDC_CALLBACK_UNEXPECTED_PARAM');
  });
});
