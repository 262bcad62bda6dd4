import type { FastifyRequest } from 'fastify';
import type { AuthToken } from '../../sdk/entities/AuthToken.js';
import type { Portal } from '../../sdk/entities/Portal.js';
import type { User } from '../../sdk/entities/User.js';
import type { HttpRequest } from '../../sdk/http.js';
import { routeCookies } from './cookie-prefix.js';

export interface RequestAuth {
  user: User | null;
  session: AuthToken | null;
  /** The session's login method, or the ApiAuthenticator's principal method (e.g. `Oidc.bearer`). */
  method: string | null;
  /** The raw session cookie as received (to end the session on sign-out). */
  sessionToken: string | null;
  /** On `/portal/:urlId/...` routes: the active portal of the path (null: unknown or inactive). */
  portal?: Portal | null;
}

/** The SDK view of a fastify request. `auth` carries host-internal details the core routes need. */
export class FastifyHttpRequest implements HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly ip: string;

  constructor(
    request: FastifyRequest,
    readonly auth: RequestAuth,
    readonly language: string,
    secureCookies = false,
  ) {
    this.method = request.method;
    this.url = request.url;
    this.path = request.url.split('?')[0];
    this.params = { ...((request.params as Record<string, string> | undefined) ?? {}) };
    this.query = { ...((request.query as Record<string, string | string[]> | undefined) ?? {}) };
    this.headers = request.headers;
    this.cookies = routeCookies(request.cookies, secureCookies);
    this.body = request.body;
    const type = request.headers['content-type'];
    this.contentType = type ? type.split(';')[0].trim().toLowerCase() : undefined;
    this.ip = request.ip;
  }

  get user(): User | null {
    return this.auth.user;
  }

  get session(): AuthToken | null {
    return this.auth.session;
  }
}

/** The first value of a query parameter, or undefined. */
export function queryValue(request: HttpRequest, name: string): string | undefined {
  const value = request.query[name];
  return Array.isArray(value) ? value[0] : value;
}
