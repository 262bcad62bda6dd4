import type { HttpReply, HttpRequest, I18nService, Logger, RouteDefinition } from 'crm-host/sdk';
import {
  LOGOUT_RETURN_COOKIE,
  LOGOUT_STATE_COOKIE,
  PORTAL_RETURN_PATH,
  POST_LOGOUT_PATH,
  checkLogoutState,
} from './logout-state.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(i18n: I18nService, language: string, confirmed: boolean, signInUrl: string): string {
  const t = (key: string): string => escapeHtml(i18n.translate('Oidc', 'logout', key, language));
  return `<!doctype html>
<html lang="${escapeHtml(language.slice(0, 2))}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('pageTitle')}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="logged-out"><h1>${t('pageTitle')}</h1>
<p>${t(confirmed ? 'signedOutEverywhere' : 'signedOutHere')}</p>
<p><a href="${escapeHtml(signInUrl)}">${t('signInAgain')}</a></p></main></body></html>`;
}

/**
 * `GET /oidc/logged-out`: where the IdP sends the browser after RP-initiated logout. The host session is
 * already gone, so every outcome shows the logged-out page; the `state` only decides the wording. A
 * missing or foreign state takes no action (there is none to take: no return URL is ever read) and is
 * logged. The state cookie is cleared. "Sign in again" goes to `/`, or back to the portal a portal session's
 * logout started from (return cookie, strict `/portal/<urlId>/` form only).
 */
export function loggedOutRoute(i18n: I18nService, logger: Logger): RouteDefinition {
  return {
    method: 'GET',
    path: POST_LOGOUT_PATH,
    access: 'none',
    handler(request: HttpRequest, reply: HttpReply): void {
      const returned = request.query['state'];
      const check = checkLogoutState(
        Array.isArray(returned) ? undefined : returned,
        request.cookies[LOGOUT_STATE_COOKIE],
      );
      if (check !== 'valid') logger.warn('Post-logout landing without a matching state', { check, ip: request.ip });
      reply.clearCookie(LOGOUT_STATE_COOKIE, { path: POST_LOGOUT_PATH });
      const back = request.cookies[LOGOUT_RETURN_COOKIE];
      const signInUrl = typeof back === 'string' && PORTAL_RETURN_PATH.test(back) ? back : '/';
      if (back !== undefined) reply.clearCookie(LOGOUT_RETURN_COOKIE, { path: POST_LOGOUT_PATH });
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      reply.html(page(i18n, request.language, check === 'valid', signInUrl));
    },
  };
}
