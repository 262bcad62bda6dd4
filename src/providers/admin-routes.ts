import type { HttpRouter, RouteDefinition, RouteProvider } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { AuthenticationProviderService } from './provider-service.js';
import { PROVIDER_TYPES } from './tokens.js';

export const PROVIDER_API_PATH = '/api/v1/AuthenticationProvider';

/**
 * Admin CRUD of authentication providers: `GET/POST /api/v1/AuthenticationProvider`,
 * `GET/PUT/PATCH/DELETE /api/v1/AuthenticationProvider/:id`. Bodies use the CRM settings' keys
 * (`oidcClientId`, ...), validated by the same field definitions and sign-in rules; secrets are never
 * returned (`{ isSet }`), set with a value, unset with null, kept when absent. A read also lists the
 * portals linked to the provider with one redirect URI and one back-channel logout URI each.
 */
@injectable()
export class ProviderAdminRoutes implements RouteProvider {
  constructor(@inject(PROVIDER_TYPES.ProviderService) private readonly providers: AuthenticationProviderService) {}

  register(router: HttpRouter): void {
    for (const route of this.routes()) router.route(route);
  }

  private routes(): RouteDefinition[] {
    const providers = this.providers;
    const byId = `${PROVIDER_API_PATH}/:id`;
    const update: RouteDefinition['handler'] = async (request, reply) => {
      reply.header('Cache-Control', 'no-store').json(await providers.update(request.params['id'] ?? '', request.body));
    };
    return [
      {
        method: 'GET',
        path: PROVIDER_API_PATH,
        access: 'admin',
        async handler(_request, reply) {
          const list = await providers.list();
          reply.header('Cache-Control', 'no-store').json({ total: list.length, list });
        },
      },
      {
        method: 'POST',
        path: PROVIDER_API_PATH,
        access: 'admin',
        accepts: ['json'],
        async handler(request, reply) {
          reply
            .status(201)
            .header('Cache-Control', 'no-store')
            .json(await providers.create(request.body));
        },
      },
      {
        method: 'GET',
        path: byId,
        access: 'admin',
        async handler(request, reply) {
          reply.header('Cache-Control', 'no-store').json(await providers.get(request.params['id'] ?? ''));
        },
      },
      { method: 'PUT', path: byId, access: 'admin', accepts: ['json'], handler: update },
      { method: 'PATCH', path: byId, access: 'admin', accepts: ['json'], handler: update },
      {
        method: 'DELETE',
        path: byId,
        access: 'admin',
        async handler(request, reply) {
          await providers.delete(request.params['id'] ?? '');
          reply.json({ deleted: true });
        },
      },
    ];
  }
}
