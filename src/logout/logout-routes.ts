import { TYPES, type Clock, type I18nService, type Logger, type HttpRouter, type RouteProvider } from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import { backchannelRoutes, backchannelRoutesAt } from './backchannel-routes.js';
import { PORTAL_BACKCHANNEL_ROUTE, type ProviderConfigurations } from './configurations.js';
import { LogoutError } from './errors.js';
import type { BackchannelLogoutService } from './backchannel-service.js';
import { loggedOutRoute } from './logged-out-page.js';
import { RefusalLimiter, type RefusalLimits } from './refusal-limiter.js';
import { LOGOUT_TYPES } from './tokens.js';
import { WarnSampler } from '../oidc/warn-sampler.js';

/**
 * The logout domain's routes: back-channel logout (two shared paths, plus one per portal when authentication
 * providers are bound) and the post-logout landing page.
 */
@injectable()
export class LogoutRouteProvider implements RouteProvider {
  private readonly logger: Logger;

  constructor(
    @inject(LOGOUT_TYPES.BackchannelLogoutService) private readonly service: BackchannelLogoutService,
    @inject(TYPES.I18n) private readonly i18n: I18nService,
    @inject(TYPES.Logger) logger: Logger,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(LOGOUT_TYPES.RefusalLimits) private readonly limits: RefusalLimits,
    @inject(LOGOUT_TYPES.ProviderConfigurations)
    @optional()
    private readonly providers: ProviderConfigurations | undefined = undefined,
  ) {
    this.logger = logger.child('oidc.logout');
  }

  register(router: HttpRouter): void {
    const limiter = new RefusalLimiter(this.clock, this.limits);
    const warnings = new WarnSampler(this.clock, this.logger);
    for (const route of backchannelRoutes(this.service, warnings, limiter)) router.route(route);
    const providers = this.providers;
    if (providers) {
      const scopeOf = async (request: { params: Readonly<Record<string, string>> }) => {
        const providerId = await providers.providerOfPortal(request.params['urlId'] ?? '');
        if (!providerId) throw new LogoutError('ERR_LOGOUT_PROVIDER_UNKNOWN');
        return { providerId };
      };
      for (const route of backchannelRoutesAt(PORTAL_BACKCHANNEL_ROUTE, this.service, warnings, limiter, scopeOf))
        router.route(route);
    }
    router.route(loggedOutRoute(this.i18n, this.logger));
  }
}
