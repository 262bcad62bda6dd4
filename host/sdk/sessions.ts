import type { AuthResult } from './entities/AuthLogRecord.js';
import type { AuthToken } from './entities/AuthToken.js';
import type { User } from './entities/User.js';

/** Identity-provider data kept with a session for logout. */
export interface IdpSessionInfo {
  issuer: string;
  sub: string;
  sid?: string | null;
  /** The raw ID token, kept server-side for `id_token_hint`. */
  idToken?: string | null;
  /** The authentication provider (portal) id, when not the default configuration. */
  providerId?: string | null;
}

export interface CreatedSession {
  /** The secret to put in the session cookie (only its hash is stored). */
  token: string;
  session: AuthToken;
}

/**
 * Cookie of portal sessions, set with path `/portal/<urlId>/` so that each portal has its own and the
 * CRM cookie ({@link AuthTokenManager.cookieName}) is never replaced by a portal sign-in.
 */
export const PORTAL_SESSION_COOKIE = 'crm_portal_session';

/** Path of a portal's pages and API (`/portal/<urlId>/`); the portal session cookie is scoped to it. */
export function portalPath(urlId: string): string {
  return `/portal/${encodeURIComponent(urlId)}/`;
}

/** Host sessions. Every new login gets a new token (no session fixation). */
export interface AuthTokenManager {
  /** Name of the HttpOnly cookie that carries the session token. */
  readonly cookieName: string;
  /** `portalId` makes a portal session (cookie {@link PORTAL_SESSION_COOKIE}); it never grants CRM access. */
  create(input: {
    userId: string;
    method: string;
    ipAddress?: string | null;
    idp?: IdpSessionInfo;
    portalId?: string | null;
  }): Promise<CreatedSession>;
  /** The active session of a cookie token, with its user, or null (expired, inactive or unknown). */
  find(token: string): Promise<AuthToken | null>;
  /** Ends one session; returns it (with the IdP data) when it was active. */
  destroy(token: string): Promise<AuthToken | null>;
  /**
   * Ends every active session that matches; returns how many ended. With `providerId` (null: the default
   * configuration) only sessions of that authentication provider match; without it, any provider's.
   */
  destroyWhere(filter: {
    issuer: string;
    sid?: string;
    sub?: string;
    userId?: string;
    providerId?: string | null;
  }): Promise<number>;
  /** Ends every active session of a user (e.g. when deactivated). */
  destroyForUser(userId: string): Promise<number>;
  /** The raw ID token stored with a session (lazy field), or null. */
  idTokenOf(sessionId: string): Promise<string | null>;
}

export interface AuthLogEntry {
  method: string;
  result: AuthResult;
  reasonCode?: string | null;
  userName?: string | null;
  user?: User | string | null;
  ipAddress?: string | null;
  /**
   * A short note for the audit view, e.g. `teams created: Sales, Support` (at most 500 characters; never a
   * token or a secret). Kept on success rows; failure rows are aggregated and keep none.
   */
  detail?: string | null;
}

export interface AuthLog {
  record(entry: AuthLogEntry): Promise<void>;
}
