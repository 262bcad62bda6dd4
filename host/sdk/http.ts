import type { User } from './entities/User.js';
import type { AuthToken } from './entities/AuthToken.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route:
 * - `none`: anyone (no session needed, CSRF not checked: e.g. back-channel logout);
 * - `user`: a signed-in user (session cookie or an {@link ApiAuthenticator});
 * - `admin`: a signed-in admin.
 * State-changing methods with a session cookie must carry the CSRF header (`X-CSRF-Token`).
 */
export type RouteAccess = 'none' | 'user' | 'admin';

export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  path?: string;
  maxAge?: number;
}

export interface HttpRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly path: string;
  /** Route parameters (`/x/:id`). */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters; a repeated parameter gives an array. */
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /** Parsed body: JSON object, or form fields (repeated fields as arrays), or undefined. */
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly ip: string;
  /** The authenticated user, when the route's access is not `none` (or a session was presented). */
  readonly user: User | null;
  /** The host session, when the request came with a session cookie. */
  readonly session: AuthToken | null;
  /** Preferred UI language (user setting, then Accept-Language, then en_US). */
  readonly language: string;
}

export interface HttpReply {
  status(code: number): HttpReply;
  header(name: string, value: string): HttpReply;
  setCookie(name: string, value: string, options?: CookieOptions): HttpReply;
  clearCookie(name: string, options?: CookieOptions): HttpReply;
  /** 302 (or `status`) redirect. */
  redirect(location: string, status?: number): HttpReply;
  json(body: unknown): HttpReply;
  html(body: string): HttpReply;
  text(body: string): HttpReply;
}

export interface RouteDefinition {
  method: HttpMethod;
  /** e.g. `/oidc/login`, `/api/v1/Oidc/backchannelLogout`, `/x/:id`. */
  path: string;
  access: RouteAccess;
  /** Maximum request body in bytes (default 64 KiB). */
  bodyLimit?: number;
  /**
   * Body types accepted (default JSON and form). `zip`: a raw `application/zip` or
   * `application/octet-stream` body, handed to the handler as a Buffer (set `bodyLimit` for its size cap).
   */
  accepts?: Array<'json' | 'form' | 'zip'>;
  /** Skip the CSRF check although the route changes state (only for routes with access `none`). */
  csrfExempt?: boolean;
  handler(request: HttpRequest, reply: HttpReply): Promise<void> | void;
}

export interface HttpRouter {
  route(definition: RouteDefinition): void;
}

/** Extension point: binds routes into the host's HTTP server at start. */
export interface RouteProvider {
  register(router: HttpRouter): void;
}

export interface ApiPrincipal {
  user: User;
  /** e.g. `Oidc.bearer`; shown in audit and `App/user`. */
  method: string;
}

/**
 * Extension point: authenticates an API request that has no session cookie, typically from the
 * `Authorization` header. Return null when the request is not yours (let the next one try); throw a
 * `HostError` with status 401 to refuse it (its code goes into `WWW-Authenticate`).
 */
export interface ApiAuthenticator {
  readonly name: string;
  authenticate(request: HttpRequest): Promise<ApiPrincipal | null>;
}
