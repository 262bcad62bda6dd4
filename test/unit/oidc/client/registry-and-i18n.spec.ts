import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OidcSettings } from '../../../../src/settings/index.js';
import {
  ClientAuthRegistry,
  ClientSecretBasic,
  ClientSecretPost,
  DISCOVERY_WARNINGS,
  OIDC_CLIENT_ERRORS,
  OidcClientError,
  type ClientAuthStrategy,
  type TokenRequestDraft,
} from '../../../../src/oidc/client/index.js';
import { repoRoot } from '../../jwt/support/fakes.js';

describe('oidc client: auth method registry and i18n', function () {
  it('a strategy bound later under the same method name replaces the built-in (no switch)', function () {
    class AuditedBasic implements ClientAuthStrategy {
      readonly method = 'client_secret_basic';
      apply(_settings: OidcSettings, draft: TokenRequestDraft): void {
        draft.headers['x-audited'] = '1';
      }
    }
    class TlsClientAuth implements ClientAuthStrategy {
      readonly method = 'tls_client_auth';
      apply(): void {}
    }
    const registry = new ClientAuthRegistry([
      new ClientSecretBasic(),
      new ClientSecretPost(),
      new AuditedBasic(),
      new TlsClientAuth(),
    ]);
    expect(registry.get('client_secret_basic')).to.be.instanceOf(AuditedBasic);
    expect(registry.methods()).to.deep.equal(['client_secret_basic', 'client_secret_post', 'tls_client_auth']);
  });

  const i18n = JSON.parse(readFileSync(path.join(repoRoot, 'i18n/en_US/OidcClient.json'), 'utf8')) as {
    messages: Record<string, string>;
    warnings: Record<string, string>;
  };

  it('every error code has its i18n message and a status that is never 500', function () {
    for (const code of Object.keys(OIDC_CLIENT_ERRORS) as (keyof typeof OIDC_CLIENT_ERRORS)[]) {
      const error = new OidcClientError(code);
      const key = error.i18nKey!.replace(/^OidcClient\.messages\./, '');
      expect(i18n.messages[key], code).to.be.a('string').and.not.equal('');
      expect(error.status, code).to.be.oneOf([400, 502, 503, 504]);
      // An admin's mistake (400) names the one setting to fix: the issuer, or the plain-HTTP opt-in.
      if (error.status === 400) {
        expect(Object.keys(error.fields ?? {}), code).to.have.length(1);
        expect(Object.keys(error.fields ?? {})[0], code).to.be.oneOf(['oidcIssuer', 'oidcAllowHttp']);
      }
    }
    for (const key of ['discoverySaveRefused', 'cliUsage']) expect(i18n.messages[key], key).to.be.a('string');
  });

  it('every variant of an error code (e.g. invalid_client) has its i18n message', function () {
    for (const [code, spec] of Object.entries(OIDC_CLIENT_ERRORS) as [
      keyof typeof OIDC_CLIENT_ERRORS,
      { variants?: object },
    ][]) {
      for (const oauthError of Object.keys(spec.variants ?? {})) {
        const error = new OidcClientError(code, { oauthError });
        const key = error.i18nKey!.replace(/^OidcClient\.messages\./, '');
        expect(i18n.messages[key], `${code} ${oauthError}`).to.be.a('string').and.not.equal('');
        expect(key, `${code} ${oauthError}`).not.to.equal(new OidcClientError(code).i18nKey);
      }
    }
  });

  // Issue 11: WARN_OIDC_DISCOVERY_NO_ISS_PARAMETER said the IdP "does not send" iss when discovery merely
  // did not advertise it (the IdP sent it). A discovery warning states what the document shows.
  it('discovery warnings say what discovery advertises, never what the identity provider does', function () {
    for (const [code, spec] of Object.entries(DISCOVERY_WARNINGS)) {
      for (const text of [spec.text, i18n.warnings[code] ?? '']) {
        expect(text, code).to.match(/\bdiscovery\b/i);
        expect(text, code).not.to.match(
          /identity provider (does not send|sends no|publishes|can sign|does not advertise)/i,
        );
      }
    }
    expect(i18n.warnings['WARN_OIDC_DISCOVERY_NO_ISS_PARAMETER']).to.match(
      /^Discovery does not advertise the RFC 9207 iss/,
    );
  });

  it('every discovery warning has its i18n text', function () {
    for (const code of Object.keys(DISCOVERY_WARNINGS))
      expect(i18n.warnings[code], code).to.be.a('string').and.not.equal('');
  });
});
