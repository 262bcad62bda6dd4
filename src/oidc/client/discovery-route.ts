import { TYPES, type HttpRouter, type Logger, type RouteProvider } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { DISCOVERY_SERVICE, type DiscoveryService } from './discovery-service.js';

export const DISCOVERY_ROUTE_PATH = '/api/v1/Oidc/discovery';

/**
 * `POST /api/v1/Oidc/discovery` (admin, CSRF): `{ issuer?, values? }` -> the discovery report
 * (`{ issuer, values, changes, warnings, metadata }`). `values` are the form's current, unsaved settings
 * (e.g. a ticked but unsaved "Allow plain HTTP endpoints"); they win over the saved ones. Saves nothing:
 * the form fills its fields, which stay editable, and the admin saves through the settings API.
 */
@injectable()
export class DiscoveryRouteProvider implements RouteProvider {
  private readonly logger: Logger;

  constructor(
    @inject(DISCOVERY_SERVICE) private readonly service: DiscoveryService,
    @inject(TYPES.Logger) logger: Logger,
  ) {
    this.logger = logger.child('oidc.discovery');
  }

  register(router: HttpRouter): void {
    router.route({
      method: 'POST',
      path: DISCOVERY_ROUTE_PATH,
      access: 'admin',
      accepts: ['json', 'form'],
      bodyLimit: 64 * 1024,
      handler: async (request, reply) => {
        const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
          string,
          unknown
        >;
        const issuer = this.service.issuerFor(Object.hasOwn(body, 'issuer') ? body['issuer'] : undefined);
        const unsaved = this.service.unsavedFrom(body['values']);
        try {
          const report = await this.service.report(issuer, unsaved);
          this.logger.info('discovery read', {
            issuer,
            allowHttpUnsaved: Object.hasOwn(unsaved, 'oidcAllowHttp'),
            changes: report.changes.length,
            warnings: report.warnings.length,
            by: request.user?.userName,
          });
          reply.json(report);
        } catch (error) {
          this.logger.warn('discovery failed', {
            issuer,
            code: (error as { code?: unknown }).code,
            by: request.user?.userName,
          });
          throw error;
        }
      },
    });
  }
}
