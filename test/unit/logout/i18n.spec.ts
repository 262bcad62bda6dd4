import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEARER_ERRORS, BearerError, type BearerErrorCode } from '../../../src/bearer/errors.js';
import { LOGOUT_ERRORS, LogoutError, type LogoutErrorCode } from '../../../src/logout/errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const oidcI18n = JSON.parse(readFileSync(path.join(root, 'i18n/en_US/Oidc.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;

function lookup(key: string): unknown {
  return key
    .split('.')
    .slice(1)
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], oidcI18n);
}

describe('logout and bearer: every reason code has a status, an i18n key and an en_US text', () => {
  it('logout codes: 400, Oidc.logout.<code>', () => {
    for (const code of Object.keys(LOGOUT_ERRORS) as LogoutErrorCode[]) {
      const error = new LogoutError(code);
      expect(error.status, code).to.equal(400);
      expect(lookup(error.i18nKey!), code).to.be.a('string').with.length.above(0);
    }
  });

  it('bearer codes: 401, Oidc.bearer.<code>', () => {
    for (const code of Object.keys(BEARER_ERRORS) as BearerErrorCode[]) {
      const error = new BearerError(code);
      expect(error.status, code).to.equal(401);
      expect(lookup(error.i18nKey!), code).to.be.a('string').with.length.above(0);
    }
  });

  it('has the texts of the logged-out page', () => {
    for (const key of ['pageTitle', 'signedOutEverywhere', 'signedOutHere', 'signInAgain'])
      expect(oidcI18n['logout']?.[key], key).to.be.a('string');
  });
});
