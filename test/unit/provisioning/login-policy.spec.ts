import { expect } from 'chai';
import type { UserType } from 'crm-host/sdk';
import {
  oidcLoginPolicy,
  passwordFallbackPolicy,
  type PolicySettings,
} from '../../../src/provisioning/login-policy.js';

const settings = (allowAdminUser: boolean, fallback: boolean, allowRegularUserFallback: boolean): PolicySettings => ({
  allowAdminUser,
  fallback,
  allowRegularUserFallback,
});
const user = (type: UserType, isActive = true) => ({ type, isActive });
const outcome = (d: { allowed: boolean; reasonCode?: string }) => (d.allowed ? 'allowed' : d.reasonCode);

describe('provisioning/login-policy: who may sign in how', () => {
  describe('oidcLoginPolicy', () => {
    // [type, active, allowAdminUser, expected]
    const matrix: Array<[UserType, boolean, boolean, string]> = [
      ['regular', true, false, 'allowed'],
      ['regular', true, true, 'allowed'],
      ['regular', false, true, 'ERR_OIDC_USER_INACTIVE'],
      ['admin', true, false, 'ERR_OIDC_ADMIN_NOT_ALLOWED'],
      ['admin', true, true, 'allowed'],
      ['admin', false, true, 'ERR_OIDC_USER_INACTIVE'],
      ['portal', true, true, 'ERR_OIDC_USER_TYPE_NOT_ALLOWED'],
      ['api', true, true, 'ERR_OIDC_USER_TYPE_NOT_ALLOWED'],
      ['api', false, true, 'ERR_OIDC_USER_INACTIVE'],
    ];
    for (const [type, active, allowAdmin, expected] of matrix) {
      it(`${type}${active ? '' : ' (inactive)'} with allowAdminUser=${allowAdmin}: ${expected}`, () => {
        expect(outcome(oidcLoginPolicy(user(type, active), settings(allowAdmin, true, true)))).to.equal(expected);
      });
    }
  });

  describe('passwordFallbackPolicy', () => {
    // [type, fallback, regularFallback, expected]
    const matrix: Array<[UserType, boolean, boolean, string]> = [
      ['admin', true, false, 'allowed'],
      ['admin', true, true, 'allowed'],
      ['admin', false, false, 'ERR_OIDC_FALLBACK_DISABLED'],
      ['admin', false, true, 'ERR_OIDC_FALLBACK_DISABLED'],
      ['regular', true, true, 'allowed'],
      ['regular', true, false, 'ERR_OIDC_REGULAR_FALLBACK_DISABLED'],
      ['regular', false, true, 'ERR_OIDC_FALLBACK_DISABLED'],
      ['regular', false, false, 'ERR_OIDC_FALLBACK_DISABLED'],
      ['portal', true, true, 'ERR_OIDC_FALLBACK_USER_TYPE'],
      ['api', true, true, 'ERR_OIDC_FALLBACK_USER_TYPE'],
    ];
    for (const [type, fallback, regular, expected] of matrix) {
      it(`${type} with fallback=${fallback}, regularFallback=${regular}: ${expected}`, () => {
        expect(outcome(passwordFallbackPolicy(user(type), settings(false, fallback, regular)))).to.equal(expected);
      });
    }

    it('refuses an inactive user even when fallback is on', () => {
      expect(outcome(passwordFallbackPolicy(user('admin', false), settings(false, true, true)))).to.equal(
        'ERR_OIDC_USER_INACTIVE',
      );
    });
  });
});
