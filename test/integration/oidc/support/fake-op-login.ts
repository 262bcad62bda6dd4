import type { ConfigValue } from 'crm-host/sdk';
import { ProgrammaticBrowser } from '../../../support/browser/programmatic-browser.js';
import type { BrowserResponse } from '../../../support/browser/browser-types.js';
import type { FakeOp } from '../../../support/fake-op/fake-op.js';
import type { OidcRig } from './oidc-rig.js';

/** Settings that point the rig's extension at a fake OP (code flow, userinfo, user creation, groups). */
export function fakeOpSettings(
  op: FakeOp,
  extra: Record<string, ConfigValue | undefined> = {},
): Record<string, ConfigValue | undefined> {
  return {
    oidcClientId: op.clientId,
    oidcClientSecret: op.clientSecret,
    oidcIssuer: op.issuer,
    oidcAuthorizationEndpoint: op.endpoints.authorization,
    oidcTokenEndpoint: op.endpoints.token,
    oidcUserInfoEndpoint: op.endpoints.userinfo,
    oidcJwksEndpoint: op.endpoints.jwks,
    oidcJwtSignatureAlgorithmList: [op.alg],
    oidcTokenEndpointAuthMethod: 'client_secret_basic',
    oidcClientAssertionAlgorithm: 'RS256',
    oidcScopes: ['profile', 'email', 'groups'],
    oidcUsernameClaim: 'sub',
    oidcCreateUser: true,
    oidcSync: true,
    oidcGroupClaim: 'groups',
    oidcTeams: [{ group: 'crm-sales', team: 'Sales' }],
    oidcAuthorizationMaxAge: null,
    ...extra,
  };
}

export interface LoginAttempt {
  /** The last response (the error page, or the page after the redirect to returnTo). */
  response: BrowserResponse | undefined;
  chain: string[];
  /** `data-code` of the error page, when one was shown. */
  code: string | null;
  browser: ProgrammaticBrowser;
}

/** Runs `/oidc/login` -> fake OP -> `/oauth-callback` with a fresh browser. */
export async function loginThrough(rig: OidcRig, returnTo = '/home'): Promise<LoginAttempt> {
  const browser = new ProgrammaticBrowser();
  const result = await browser.navigate(`${rig.base}/oidc/login?${new URLSearchParams({ returnTo }).toString()}`);
  const body = result.response?.body ?? '';
  return {
    response: result.response,
    chain: result.chain,
    code: /data-code="([^"]+)"/.exec(body)?.[1] ?? null,
    browser,
  };
}
