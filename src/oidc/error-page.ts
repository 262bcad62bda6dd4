import { type HostError, TYPES, type I18nService } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';

export interface ErrorPageInput {
  /** The rejection (any `HostError`); its `i18nKey` names the explanation. */
  error: HostError;
  language: string;
  /** "Try again" target, e.g. `/oidc/login?returnTo=/x`. */
  retryUrl: string;
  /** Link to the password form when the fallback applies. */
  passwordUrl: string | null;
  /** IdP `error` / `error_description` (already validated and reduced to printable text). */
  idpError?: string;
  idpErrorDescription?: string;
}

/** Renders the page a user sees when a sign-in fails: no stack, no token, a reason code, what to do. */
export interface ErrorPageRenderer {
  render(input: ErrorPageInput): string;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] as string,
  );
}

/** What to do, by status: retry for request problems, the admin for refusals and outages. */
const HINT_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'retry',
  401: 'retry',
  403: 'admin',
  429: 'later',
  502: 'later',
  503: 'later',
};

/**
 * The hint for an error: the error's own `hint` when its code decides (a client authentication the IdP
 * rejected is for the administrator, even without an OAuth error); an OAuth error the IdP answered at the token endpoint says whether retrying
 * helps (`invalid_grant`: the code expired or was used) or the configuration is wrong (`invalid_client`,
 * `unauthorized_client`, ...: only the administrator can fix it); otherwise the status decides.
 */
export function hintFor(error: HostError): string {
  const hint = (error as { hint?: unknown }).hint;
  if (typeof hint === 'string' && hint !== '') return hint;
  const oauthError = (error as { oauthError?: unknown }).oauthError;
  if (typeof oauthError === 'string' && oauthError !== '') return oauthError === 'invalid_grant' ? 'retry' : 'admin';
  return HINT_BY_STATUS[error.status] ?? 'admin';
}

@injectable()
export class HtmlErrorPageRenderer implements ErrorPageRenderer {
  constructor(@inject(TYPES.I18n) private readonly i18n: I18nService) {}

  render(input: ErrorPageInput): string {
    const t = (category: string, key: string): string => this.i18n.translate('Oidc', category, key, input.language);
    const { error } = input;
    const explanation = this.explain(error, input.language);
    const hint = t('errorHints', hintFor(error));
    // The IdP's error code: from the callback (with its description), or the token endpoint's OAuth error.
    const oauthError = (error as { oauthError?: unknown }).oauthError;
    const idpError = input.idpError ?? (typeof oauthError === 'string' && oauthError !== '' ? oauthError : undefined);
    const idpText = idpError === undefined ? '' : this.idpErrorText(idpError, input.language);
    // The IdP's code itself, for the administrator (unknown codes already name it in their text).
    const idpCode =
      idpError !== undefined && !idpText.includes(`(${idpError})`)
        ? ` <code class="idp-error-code">${escapeHtml(idpError)}</code>`
        : '';
    const idp =
      idpError !== undefined
        ? `<p class="idp-error"><strong>${escapeHtml(idpText)}</strong>${idpCode}${
            input.idpErrorDescription ? ` <span>${escapeHtml(input.idpErrorDescription)}</span>` : ''
          }</p>`
        : '';
    const links = [
      `<a class="button" href="${escapeHtml(input.retryUrl)}">${escapeHtml(t('labels', 'Try again'))}</a>`,
      input.passwordUrl
        ? `<a href="${escapeHtml(input.passwordUrl)}">${escapeHtml(t('labels', 'Sign in with a password'))}</a>`
        : '',
    ].join(' ');
    return `<!doctype html>
<html lang="${escapeHtml(input.language.replace('_', '-'))}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${escapeHtml(t('labels', 'Sign-in failed'))} · CRM</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/static/app.css" />
  </head>
  <body>
    <main id="main">
      <section class="card oidc-error" data-code="${escapeHtml(error.code)}">
        <h1>${escapeHtml(t('labels', 'Sign-in failed'))}</h1>
        <p class="alert error">${escapeHtml(explanation)}</p>
        ${idp}
        <p>${escapeHtml(hint)}</p>
        <p>${escapeHtml(t('labels', 'Reason code'))}: <code>${escapeHtml(error.code)}</code></p>
        <p>${links}</p>
      </section>
    </main>
  </body>
</html>
`;
  }

  private explain(error: HostError, language: string): string {
    const [scope, category, ...rest] = (error.i18nKey ?? `Oidc.errors.${error.code}`).split('.');
    const key = rest.join('.');
    if (scope && category && key) {
      const text = this.i18n.translate(scope, category, key, language);
      if (text !== key) return text;
    }
    return this.i18n.translate('Oidc', 'errors', 'fallback', language);
  }

  private idpErrorText(code: string, language: string): string {
    const text = this.i18n.translate('Oidc', 'idpErrors', code, language);
    return text === code ? `${this.i18n.translate('Oidc', 'idpErrors', 'other', language)} (${code})` : text;
  }
}
