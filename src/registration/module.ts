import { TYPES } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { RegistrationUriService } from './registration-service.js';
import { RegistrationUrisRoute } from './registration-route.js';
import { REGISTRATION_TYPES } from './tokens.js';
import { UrisCommand } from './uris-command.js';

/** Binds the registration list: its service, `GET /api/v1/Oidc/registrationUris` and `crm-host oidc uris`. */
export function bindRegistration(options: Pick<ContainerModuleLoadOptions, 'bind'>): void {
  options.bind(REGISTRATION_TYPES.RegistrationUriService).to(RegistrationUriService).inSingletonScope();
  options.bind(TYPES.RouteProvider).to(RegistrationUrisRoute).inSingletonScope();
  options.bind(TYPES.CliCommand).to(UrisCommand).inSingletonScope();
}
