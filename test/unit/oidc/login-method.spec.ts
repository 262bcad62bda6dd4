import { expect } from 'chai';
import {
  HostError,
  type AuthToken,
  type ConfigService,
  type HttpReply,
  type HttpRequest,
  type I18nService,
  type User,
} from 'crm-host/sdk';
import { OidcClientError } from '../../../src/oidc/client/errors.js';
import { HtmlErrorPageRenderer, hintFor } from '../../../src/oidc/error-page.js';
import { OidcError } from '../../../src/oidc/errors.js';
import { pageStatus } from '../../../src/oidc/failure-reply.js';
import { OidcLoginMethod, type EndSessionRedirect } from '../../../src/oidc/login-method.js';
import { defaultLoginPolicy } from '../../../src/provisioning/login-policy.js';

const config = (values: Record<string, unknown>): ConfigService =>
  ({ get: (key: string, fallback?: unknown) => (key in values ? values[key] : fallback) }) as unknown as ConfigService;
const i18n: I18nService = {
  translate: (_scope, category, key) =>
    (
      ({
        'labels/Sign in with {label}': 'Sign in with {label}',
        'labels/Sign in': 'Sign in',
        'authenticationMethods/Oidc': 'OpenID Connect',
        'errors/ERR_OIDC_STATE_REPLAYED': 'This sign-in answer was already used.',
        'idpErrors/access_denied': 'You did not allow the sign-in.',
        'idpErrors/other': 'The identity provider reported an error',
        'errors/fallback': 'The sign-in could not be completed.',
      }) as Record<string, string>
    )[`${category}/${key}`] ?? key,
  language: () => ({}),
  languages: () => ['en_US'],
};
const request = { language: 'en_US' } as HttpRequest;
const user = (type: User['type']): User => ({ type, isActive: true }) as User;

describe('oidc: the Oidc login method', () => {
  it('login page: "Sign in with <label>" or the plain label, /oidc/login, fallback from oidcFallback', () => {
    const labelled = new OidcLoginMethod(
      config({ oidcProviderLabel: 'Keycloak', oidcFallback: false }),
      i18n,
      defaultLoginPolicy,
      undefined,
    );
    expect(labelled.loginPageData(request)).to.deep.equal({
      method: 'Oidc',
      buttonLabel: 'Sign in with Keycloak',
      startUrl: '/oidc/login',
      fallback: false,
    });
    const plain = new OidcLoginMethod(config({ oidcFallback: false }), i18n, defaultLoginPolicy, undefined);
    expect(plain.loginPageData(request)).to.include({ buttonLabel: 'Sign in', fallback: false });
  });

  it('login-page-two-sign-in-buttons: without a label, next to the password form the button names the method', () => {
    const method = new OidcLoginMethod(config({}), i18n, defaultLoginPolicy, undefined);
    expect(method.loginPageData(request)).to.include({ buttonLabel: 'Sign in with OpenID Connect', fallback: true });
  });

  it('password fallback: admins with oidcFallback, regular users also need oidcAllowRegularUserFallback', () => {
    const method = (values: Record<string, unknown>) =>
      new OidcLoginMethod(config(values), i18n, defaultLoginPolicy, undefined);
    expect(method({ oidcFallback: true }).passwordLoginPolicy(user('admin'))).to.deep.equal({ allowed: true });
    expect(method({ oidcFallback: true }).passwordLoginPolicy(user('regular'))).to.deep.equal({
      allowed: false,
      reasonCode: 'ERR_OIDC_REGULAR_FALLBACK_DISABLED',
    });
    expect(
      method({ oidcFallback: true, oidcAllowRegularUserFallback: true }).passwordLoginPolicy(user('regular')),
    ).to.deep.equal({
      allowed: true,
    });
    expect(method({ oidcFallback: false }).passwordLoginPolicy(user('admin'))).to.deep.equal({
      allowed: false,
      reasonCode: 'ERR_OIDC_FALLBACK_DISABLED',
    });
    expect(method({ oidcFallback: true }).passwordLoginPolicy(user('portal'))).to.have.property('allowed', false);
  });

  it('afterLogout delegates to the bound EndSessionRedirect, and does nothing without one', async () => {
    const calls: unknown[] = [];
    const endSession: EndSessionRedirect = {
      async afterLogout(session, req, reply) {
        calls.push([session, req, reply]);
        return { redirectUrl: 'https://idp.example.test/logout' };
      },
    };
    const session = { id: 's' } as AuthToken;
    const reply = {} as HttpReply;
    expect(
      await new OidcLoginMethod(config({}), i18n, defaultLoginPolicy, endSession).afterLogout(session, request, reply),
    ).to.deep.equal({
      redirectUrl: 'https://idp.example.test/logout',
    });
    expect(calls).to.deep.equal([[session, request, reply]]);
    expect(
      await new OidcLoginMethod(config({}), i18n, defaultLoginPolicy, undefined).afterLogout(session, request, reply),
    ).to.equal(undefined);
  });
});

describe('oidc: error page', () => {
  const pages = new HtmlErrorPageRenderer(i18n);

  it('shows the translated explanation, the reason code, retry and password links, escaped', () => {
    const html = pages.render({
      error: new OidcError('ERR_OIDC_STATE_REPLAYED'),
      language: 'en_US',
      retryUrl: '/oidc/login?returnTo=%2Fa%22%3E',
      passwordUrl: '/',
    });
    expect(html).to.contain('This sign-in answer was already used.');
    expect(html).to.contain('data-code="ERR_OIDC_STATE_REPLAYED"');
    expect(html).to.contain('href="/oidc/login?returnTo=%2Fa%22%3E"');
    expect(html).to.contain('href="/"');
    expect(html).not.to.match(/<script|style=/);
  });

  it('regression: a wrong client secret (invalid_client) tells the user to contact the admin, not to wait', () => {
    const wrongSecret = new OidcClientError('ERR_OIDC_TOKEN_REJECTED', { oauthError: 'invalid_client' });
    expect(hintFor(wrongSecret)).to.equal('admin');
    expect(hintFor(new OidcClientError('ERR_OIDC_TOKEN_REJECTED', { oauthError: 'invalid_grant' }))).to.equal('retry');
    expect(hintFor(new OidcClientError('ERR_OIDC_TOKEN_ENDPOINT_UNAVAILABLE'))).to.equal('later');
    const html = pages.render({ error: wrongSecret, language: 'en_US', retryUrl: '/oidc/login', passwordUrl: null });
    expect(html).to.contain('<p>admin</p>').and.not.to.contain('<p>later</p>');
  });

  it('regression token-endpoint-client-auth-403-not-available: a refused client authentication is for the admin', () => {
    // 403 without a body: no OAuth error to go by, yet not "the identity provider is not available".
    const noBody = new OidcClientError('ERR_OIDC_CLIENT_AUTH_REJECTED', { httpStatus: 403 });
    expect(hintFor(noBody)).to.equal('admin');
    const html = pages.render({ error: noBody, language: 'en_US', retryUrl: '/oidc/login', passwordUrl: null });
    expect(html).to.contain('<p>admin</p>').and.not.to.contain('<p>later</p>');
    expect(html).to.contain('data-code="ERR_OIDC_CLIENT_AUTH_REJECTED"');
    // invalid_client: its own explanation, and the IdP's error code on the page.
    const wrongSecret = new OidcClientError('ERR_OIDC_CLIENT_AUTH_REJECTED', { oauthError: 'invalid_client' });
    expect(wrongSecret.i18nKey).to.equal('OidcClient.messages.clientAuthRejectedInvalidClient');
    const page = pages.render({ error: wrongSecret, language: 'en_US', retryUrl: '/oidc/login', passwordUrl: null });
    expect(page).to.contain('<p>admin</p>').and.to.contain('class="idp-error"').and.to.contain('invalid_client');
  });

  it('shows the IdP error translated and its description escaped; unknown errors named', () => {
    const html = pages.render({
      error: new OidcError('ERR_OIDC_IDP_ERROR', { idpError: 'access_denied', idpErrorDescription: '<b>no</b>' }),
      language: 'en_US',
      retryUrl: '/oidc/login',
      passwordUrl: null,
      idpError: 'access_denied',
      idpErrorDescription: '<b>no</b>',
    });
    expect(html).to.contain('You did not allow the sign-in.');
    expect(html).to.contain('&lt;b&gt;no&lt;/b&gt;');
    expect(html).not.to.contain('<b>no</b>');
    expect(html).not.to.contain('href="/"');
    const other = pages.render({
      error: new HostError('ERR_SOMETHING_ELSE', 'x', { status: 502 }),
      language: 'en_US',
      retryUrl: '/oidc/login',
      passwordUrl: null,
      idpError: 'weird_error',
    });
    expect(other).to.contain('The identity provider reported an error (weird_error)');
    expect(other).to.contain('The sign-in could not be completed.');
  });

  it('page statuses stay within 400/401/403/429/502/503', () => {
    expect([400, 401, 403, 404, 413, 429, 500, 502, 503, 504].map(pageStatus)).to.deep.equal([
      400, 401, 403, 400, 400, 429, 503, 502, 503, 502,
    ]);
  });
});
