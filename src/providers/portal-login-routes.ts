import {
  TYPES,
  type HttpReply,
  type HttpRequest,
  type HttpRouter,
  type Persistence,
  type RouteProvider,
} from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { CallbackHandler } from '../oidc/callback-handler.js';
import { OidcError } from '../oidc/errors.js';
import type { FailureReply } from '../oidc/failure-reply.js';
import type { LoginStarter } from '../oidc/login-starter.js';
import { isHead } from '../oidc/routes.js';
import { REDIRECT_PATHS, type RedirectPath } from '../settings/redirect-path.js';
import { OIDC_TYPES } from '../oidc/tokens.js';
import { portalLoginPath } from './fields.js';
import type { AuthenticationProviderService } from './provider-service.js';
import { findActivePortal } from './provider-configurations.js';
import { PROVIDER_TYPES } from './tokens.js';

export const PORTAL_LOGIN_ROUTE = '/portal/:urlId/oidc/login';
/** The default callback route; `/portal/:urlId/oauth-callback.php` is served by the same handler. */
export const PORTAL_CALLBACK_ROUTE = '/portal/:urlId/oauth-callback';

interface PortalTarget {
  portalId: string;
  urlId: string;
  providerId: string;
}

/**
 * A portal's OIDC sign-in: `GET /portal/<urlId>/oidc/login` starts a login keyed by the portal's provider
 * (its own settings and redirect URI), `GET /portal/<urlId>/oauth-callback` (and `.../oauth-callback.php`,
 * the same handler and checks) finishes only transactions of that provider and makes a portal session. An unknown or inactive portal, or one without a provider of
 * ours, answers the error page with `ERR_OIDC_PORTAL_UNAVAILABLE` (404).
 */
@injectable()
export class PortalLoginRoutes implements RouteProvider {
  constructor(
    @inject(OIDC_TYPES.LoginStarter) private readonly starter: LoginStarter,
    @inject(OIDC_TYPES.CallbackHandler) private readonly callback: CallbackHandler,
    @inject(OIDC_TYPES.FailureReply) private readonly failures: FailureReply,
    @inject(PROVIDER_TYPES.ProviderService) private readonly providers: AuthenticationProviderService,
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
  ) {}

  register(router: HttpRouter): void {
    router.route({
      method: 'GET',
      path: PORTAL_LOGIN_ROUTE,
      access: 'none',
      handler: (request, reply) => this.start(request, reply),
    });
    for (const path of REDIRECT_PATHS) {
      router.route({
        method: 'GET',
        path: `/portal/:urlId${path}`,
        access: 'none',
        handler: (request, reply) => this.finish(request, reply, path),
      });
    }
  }

  private async target(request: HttpRequest): Promise<PortalTarget | null> {
    const portal = await findActivePortal(this.persistence, request.params['urlId'] ?? '');
    if (!portal?.authenticationProviderId) return null;
    const provider = await this.providers.find(portal.authenticationProviderId);
    return provider ? { portalId: portal.id, urlId: portal.urlId, providerId: provider.id } : null;
  }

  private async unavailable(request: HttpRequest, reply: HttpReply, step: string): Promise<void> {
    await this.failures.send(request, reply, new OidcError('ERR_OIDC_PORTAL_UNAVAILABLE'), {
      step,
      retryUrl: '/',
      passwordUrl: null,
    });
  }

  private async start(request: HttpRequest, reply: HttpReply): Promise<void> {
    if (isHead(request, reply)) return;
    const target = await this.target(request);
    if (!target) return this.unavailable(request, reply, 'start');
    await this.starter.start(request, reply, {
      providerId: target.providerId,
      portalUrlId: target.urlId,
      returnTo: `/portal/${target.urlId}/`,
      retryUrl: portalLoginPath(target.urlId),
      requireActive: false,
    });
  }

  private async finish(request: HttpRequest, reply: HttpReply, callbackPath: RedirectPath): Promise<void> {
    if (isHead(request, reply)) return;
    const target = await this.target(request);
    if (!target) return this.unavailable(request, reply, 'callback');
    await this.callback.handle(
      request,
      reply,
      {
        portalId: target.portalId,
        portalUrlId: target.urlId,
        providerId: target.providerId,
        retryUrl: portalLoginPath(target.urlId),
      },
      callbackPath,
    );
  }
}
