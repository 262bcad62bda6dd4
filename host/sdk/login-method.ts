import type { User } from './entities/User.js';
import type { AuthToken } from './entities/AuthToken.js';
import type { Portal } from './entities/Portal.js';
import type { HttpReply, HttpRequest } from './http.js';

/** What the login page needs to show for the active method (public data only). */
export interface LoginPageData {
  /** Method name, e.g. `Oidc`. */
  method: string;
  /** Label of the sign-in button, already translated. */
  buttonLabel?: string;
  /** URL the sign-in button opens (e.g. `/oidc/login`). */
  startUrl?: string;
  /** Whether the password form is offered as well. */
  fallback: boolean;
}

/**
 * Extension point: an authentication method selectable in Settings > Authentication
 * (`authenticationMethod`). The host's own method is `Password`.
 */
export interface LoginMethod {
  /** e.g. `Oidc`; must match a key of metadata `authenticationMethods`. */
  readonly name: string;
  loginPageData(request: HttpRequest): LoginPageData | Promise<LoginPageData>;
  /**
   * Whether a user who just proved their password may sign in with it while this method is the
   * active one (fallback rules). Return a reason code to refuse.
   */
  passwordLoginPolicy(user: User): { allowed: true } | { allowed: false; reasonCode: string };
  /**
   * Called after the host destroyed a session on sign-out. May return a URL to send the browser to
   * (e.g. the IdP's end-session endpoint). `reply` (passed by the host's sign-out route) lets the method
   * set a cookie (e.g. the logout `state`) or headers (e.g. `Referrer-Policy`) before the host answers;
   * it must not send a body.
   */
  afterLogout?(session: AuthToken, request: HttpRequest, reply?: HttpReply): Promise<{ redirectUrl?: string } | void>;
  /**
   * The sign-in of a portal whose `authenticationProviderId` this method recognises, or null when the
   * provider is not its own (the host then asks the next method; nobody: the portal's page shows an
   * error, never the password form). Portals without a provider use the host's password sign-in.
   */
  portalLoginPageData?(portal: Portal, request: HttpRequest): Promise<LoginPageData | null> | LoginPageData | null;
  /**
   * How users and admins see this method's sessions (home page, "Method"), already translated, e.g. the
   * identity provider's configured label. Null or absent: the UI uses the i18n label
   * `Global.authenticationMethods.<name>`, never the internal name.
   */
  sessionLabel?(language: string): string | null;
}

/** Extension point: told when a session ends by sign-out or by an administrator. */
export interface SessionListener {
  sessionEnded(session: AuthToken, reason: 'logout' | 'admin' | 'idp'): Promise<void> | void;
}
