import {
  TYPES,
  type AuthToken,
  type ConfigService,
  type HttpReply,
  type HttpRequest,
  type I18nService,
  type LoginMethod,
  type LoginPageData,
  type Portal,
  type User,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import type { LoginPolicy, PolicySettings } from '../provisioning/login-policy.js';
import { PROVISIONING_TYPES } from '../provisioning/tokens.js';
import { OIDC_SETTING_DEFAULTS } from '../settings/defaults.js';
import { LOGIN_PATH } from './login-starter.js';
import { OIDC_METHOD_NAME } from './settings-source.js';

/** The logout domain's service (branch `logout`), resolved by its `Symbol.for` key when bound. */
export const END_SESSION_REDIRECT_ID = Symbol.for('oidc-auth.logout.EndSessionRedirect');

/** The providers domain's portal sign-in (`PROVIDER_TYPES.PortalLoginPageSource`), when bound. */
export const PORTAL_LOGIN_PAGE_ID = Symbol.for('oidc-auth.providers.PortalLoginPageSource');

export interface PortalLoginPageSource {
  loginPageData(portal: Portal, language: string): Promise<LoginPageData | null>;
}

export interface EndSessionRedirect {
  afterLogout(session: AuthToken, request: HttpRequest, reply: HttpReply): Promise<{ redirectUrl?: string } | void>;
}

/**
 * The `Oidc` authentication method: the login page's "Sign in with <label>" button, the password
 * fallback rules (from the raw config, so a broken OIDC configuration never locks admins out of the
 * password form they are allowed), and RP-initiated logout through the logout domain when installed.
 */
@injectable()
export class OidcLoginMethod implements LoginMethod {
  readonly name = OIDC_METHOD_NAME;

  constructor(
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.I18n) private readonly i18n: I18nService,
    @inject(PROVISIONING_TYPES.LoginPolicy) private readonly policy: LoginPolicy,
    @inject(END_SESSION_REDIRECT_ID) @optional() private readonly endSession: EndSessionRedirect | undefined,
    @inject(PORTAL_LOGIN_PAGE_ID) @optional() private readonly portals: PortalLoginPageSource | undefined = undefined,
  ) {}

  /** A portal whose authentication provider is one of ours: its sign-in button (null: not ours). */
  async portalLoginPageData(portal: Portal, request: HttpRequest): Promise<LoginPageData | null> {
    if (!this.portals || portal.authenticationProviderId === null) return null;
    return this.portals.loginPageData(portal, request.language);
  }

  loginPageData(request: HttpRequest): LoginPageData {
    const label = this.config.get<string | null>('oidcProviderLabel', null);
    const fallback = this.policySettings().fallback;
    // Without a label the button says "Sign in", unless the password form (whose button says "Sign in" too)
    // is on the same page: then it names the method, so the two buttons differ.
    const name =
      typeof label === 'string' && label.trim() !== ''
        ? label.trim()
        : fallback
          ? this.i18n.translate('Global', 'authenticationMethods', 'Oidc', request.language)
          : null;
    const buttonLabel =
      name !== null
        ? this.i18n.translate('Oidc', 'labels', 'Sign in with {label}', request.language).replace('{label}', name)
        : this.i18n.translate('Oidc', 'labels', 'Sign in', request.language);
    return { method: this.name, buttonLabel, startUrl: LOGIN_PATH, fallback };
  }

  /** The provider's configured label (`oidcProviderLabel`), else null (the UI shows "OpenID Connect"). */
  sessionLabel(): string | null {
    const label = this.config.get<string | null>('oidcProviderLabel', null);
    return typeof label === 'string' && label.trim() !== '' ? label.trim() : null;
  }

  passwordLoginPolicy(user: User): { allowed: true } | { allowed: false; reasonCode: string } {
    return this.policy.passwordFallback(user, this.policySettings());
  }

  async afterLogout(
    session: AuthToken,
    request: HttpRequest,
    reply?: HttpReply,
  ): Promise<{ redirectUrl?: string } | void> {
    if (!this.endSession || !reply) return undefined;
    return this.endSession.afterLogout(session, request, reply);
  }

  private policySettings(): PolicySettings {
    const bool = (key: string): boolean => {
      const value = this.config.get(key);
      return typeof value === 'boolean' ? value : OIDC_SETTING_DEFAULTS[key] === true;
    };
    return {
      fallback: bool('oidcFallback'),
      allowRegularUserFallback: bool('oidcAllowRegularUserFallback'),
      allowAdminUser: bool('oidcAllowAdminUser'),
    };
  }
}
