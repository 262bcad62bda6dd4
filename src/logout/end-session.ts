import {
  TYPES,
  type AuthToken,
  type AuthTokenManager,
  type HttpReply,
  type HttpRequest,
  type Logger,
  type SiteUrl,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import type { EndSessionRedirect } from '../oidc/login-method.js';
import type { OidcSettings } from '../settings/types.js';
import type { ProviderConfigurations } from './configurations.js';
import { OIDC_METHOD } from '../settings/settings-validator.js';
import type { EndSessionEndpointSource } from './end-session-endpoint.js';
import {
  LOGOUT_RETURN_COOKIE,
  LOGOUT_STATE_COOKIE,
  LOGOUT_STATE_TTL_SEC,
  POST_LOGOUT_PATH,
  newLogoutState,
} from './logout-state.js';
import type { OidcTokenVerifiers } from './oidc-verifiers.js';
import { LOGOUT_TYPES } from './tokens.js';

/** What the Oidc `LoginMethod.afterLogout` delegates to (the host already ended the session). */
export type { EndSessionRedirect };

/** `oidcLogoutUrl` with `{siteUrl}` and `{clientId}` replaced, URL-encoded. */
export function expandLogoutUrl(template: string, siteUrl: string, clientId: string): string {
  return template
    .replaceAll('{siteUrl}', encodeURIComponent(siteUrl))
    .replaceAll('{clientId}', encodeURIComponent(clientId));
}

/**
 * OpenID Connect RP-Initiated Logout 1.0: after the host session is gone, send the browser to the IdP's
 * end-session endpoint (`oidcLogoutUrl`, else discovery's `end_session_endpoint`) with `id_token_hint`
 * (the raw ID token kept server-side), the fixed `post_logout_redirect_uri` `<siteUrl>/oidc/logged-out`,
 * `client_id` and a fresh `state` bound to the browser by a cookie. Parameters already in `oidcLogoutUrl`
 * are kept. Only sessions created by the Oidc method, and only for the configured issuer. A portal session
 * uses its authentication provider's end-session endpoint, logout URL and client id.
 */
@injectable()
export class OidcEndSessionRedirect implements EndSessionRedirect {
  private readonly logger: Logger;

  constructor(
    @inject(LOGOUT_TYPES.OidcTokenVerifiers) private readonly verifiers: OidcTokenVerifiers,
    @inject(LOGOUT_TYPES.EndSessionEndpointSource) private readonly endpoints: EndSessionEndpointSource,
    @inject(TYPES.AuthTokenManager) private readonly tokens: AuthTokenManager,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(TYPES.Logger) logger: Logger,
    @inject(LOGOUT_TYPES.ProviderConfigurations)
    @optional()
    private readonly providers: ProviderConfigurations | undefined = undefined,
  ) {
    this.logger = logger.child('oidc.logout');
  }

  /** The CRM's settings, or those of the session's authentication provider (a portal session). */
  private async settingsOf(session: AuthToken): Promise<OidcSettings | null> {
    if (session.idpProviderId === null) return this.verifiers.settings();
    const provider = this.providers ? await this.providers.one(session.idpProviderId) : null;
    if (!provider) this.logger.warn("The session's authentication provider no longer exists; no IdP logout");
    return provider?.settings ?? null;
  }

  async afterLogout(
    session: AuthToken,
    _request: HttpRequest,
    reply?: HttpReply,
  ): Promise<{ redirectUrl?: string } | void> {
    if (session.method !== OIDC_METHOD) return;
    const settings = await this.settingsOf(session);
    if (!settings) return;
    if (session.idpIssuer !== null && session.idpIssuer !== settings.issuer) {
      this.logger.warn('The session belongs to another issuer than the configured one; no IdP logout');
      return;
    }
    const base = settings.logoutUrl
      ? expandLogoutUrl(settings.logoutUrl, this.siteUrl.get(), settings.clientId)
      : await this.endpoints.endSessionEndpoint(settings);
    if (!base) return;
    const url = new URL(base);
    const idToken = await this.tokens.idTokenOf(session.id);
    const state = newLogoutState();
    const params: Record<string, string | null> = {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.siteUrl.resolve(POST_LOGOUT_PATH),
      client_id: settings.clientId,
      state,
    };
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && !url.searchParams.has(name)) url.searchParams.set(name, value);
    }
    reply?.setCookie(LOGOUT_STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      path: POST_LOGOUT_PATH,
      maxAge: LOGOUT_STATE_TTL_SEC,
    });
    const portalUrlId =
      session.portalId && this.providers ? await this.providers.portalUrlIdOf(session.portalId) : null;
    if (portalUrlId) {
      reply?.setCookie(LOGOUT_RETURN_COOKIE, `/portal/${portalUrlId}/`, {
        httpOnly: true,
        sameSite: 'lax',
        path: POST_LOGOUT_PATH,
        maxAge: LOGOUT_STATE_TTL_SEC,
      });
    }
    // The URL carries the ID token: never let it leak through a Referer header.
    reply?.header('Referrer-Policy', 'no-referrer');
    return { redirectUrl: url.href };
  }
}
