import { type HttpRouter, type RouteProvider } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { RegistrationUriService } from './registration-service.js';
import { REGISTRATION_TYPES } from './tokens.js';

export const REGISTRATION_URIS_PATH = '/api/v1/Oidc/registrationUris';

/**
 * `GET /api/v1/Oidc/registrationUris` (admin): the addresses to register at the identity provider
 * (`RegistrationList`: redirect URIs in both forms, post-logout redirect, back-channel logout, login
 * start; one set per portal linked to a provider). The settings form's "Register at your identity
 * provider" panel shows them; `crm-host oidc uris` prints the same list.
 */
@injectable()
export class RegistrationUrisRoute implements RouteProvider {
  constructor(@inject(REGISTRATION_TYPES.RegistrationUriService) private readonly service: RegistrationUriService) {}

  register(router: HttpRouter): void {
    router.route({
      method: 'GET',
      path: REGISTRATION_URIS_PATH,
      access: 'admin',
      handler: async (_request, reply) => {
        reply.header('Cache-Control', 'no-store').json(await this.service.list());
      },
    });
  }
}
