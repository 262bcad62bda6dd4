import 'reflect-metadata';
import { defineExtension } from 'crm-host/sdk';
import { ContainerModule } from 'inversify';

/**
 * The oidc-auth extension entry: the host loads `default` after core bindings and before custom/.
 * Domains bind their services from their own modules (jwt/, oidc/, provisioning/, logout/, settings/).
 */
export default defineExtension({
  name: 'oidc-auth',
  module: new ContainerModule(() => {
    // Bindings are added by the domain modules as they land.
  }),
  entities: [],
  migrations: [],
});
