import type { HttpReply, HttpRequest, HttpRouter, RouteProvider } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { REDIRECT_PATHS } from '../settings/redirect-path.js';
import type { CallbackHandler } from './callback-handler.js';
import { LOGIN_PATH, type LoginStarter } from './login-starter.js';
import { OIDC_TYPES } from './tokens.js';

/**
 * HEAD requests (link checkers, prefetchers; the HTTP server answers HEAD with the GET route) must not
 * start a login or consume a transaction: they get an empty answer.
 */
export function isHead(request: HttpRequest, reply: HttpReply): boolean {
  if (request.method !== 'HEAD') return false;
  reply.status(200).header('Cache-Control', 'no-store').text('');
  return true;
}

/**
 * `GET /oidc/login`, and the callback at both `GET /oauth-callback` and `GET /oauth-callback.php` (EspoCRM's
 * path): one handler, the same checks, the same HEAD answer. Public; GET only, so no CSRF token is involved.
 */
@injectable()
export class OidcRoutes implements RouteProvider {
  constructor(
    @inject(OIDC_TYPES.LoginStarter) private readonly starter: LoginStarter,
    @inject(OIDC_TYPES.CallbackHandler) private readonly callback: CallbackHandler,
  ) {}

  register(router: HttpRouter): void {
    router.route({
      method: 'GET',
      path: LOGIN_PATH,
      access: 'none',
      handler: (request, reply) => {
        if (isHead(request, reply)) return;
        const returnTo = request.query['returnTo'];
        return this.starter.start(request, reply, { returnTo: typeof returnTo === 'string' ? returnTo : undefined });
      },
    });
    for (const path of REDIRECT_PATHS) {
      router.route({
        method: 'GET',
        path,
        access: 'none',
        handler: (request, reply) =>
          isHead(request, reply) ? undefined : this.callback.handle(request, reply, null, path),
      });
    }
  }
}
