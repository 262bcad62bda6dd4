import 'reflect-metadata';
import { defineExtension, type ServiceResolver } from 'crm-host/sdk';
import { ContainerModule } from 'inversify';
import { bindBearer } from './bearer/index.js';
import { bindJwt, startJwt } from './jwt/index.js';
import { bindLogout, LOGOUT_ENTITIES, LOGOUT_MIGRATIONS } from './logout/index.js';
import { bindOidcClient } from './oidc/client/index.js';
import { bindOidc, OIDC_ENTITIES, OIDC_MIGRATIONS } from './oidc/index.js';
import { bindTestLogin } from './oidc/test-login/index.js';
import { bindProviders, PROVIDER_ENTITIES, PROVIDER_MIGRATIONS } from './providers/index.js';
import { bindProvisioning, PROVISIONING_ENTITIES, PROVISIONING_MIGRATIONS } from './provisioning/index.js';
import { bindRegistration } from './registration/index.js';
import { bindSettings } from './settings/index.js';

/**
 * The oidc-auth extension entry: the host loads `default` after core bindings and before custom/.
 * Domains bind their services from their own modules (jwt/, oidc/, provisioning/, logout/, settings/).
 */
export default defineExtension({
  name: 'oidc-auth',
  module: new ContainerModule((options) => {
    bindSettings(options);
    bindJwt(options); // also binds the bounded HTTP client (net/) unless bound already
    bindOidcClient(options);
    bindProvisioning(options);
    bindOidc(options);
    bindTestLogin(options); // after bindOidc: makes its settings source draft-aware
    bindLogout(options);
    bindBearer(options);
    bindProviders(options); // after bindOidc and bindLogout: portals' providers
    bindRegistration(options);
  }),
  entities: [...PROVISIONING_ENTITIES, ...OIDC_ENTITIES, ...LOGOUT_ENTITIES, ...PROVIDER_ENTITIES],
  migrations: [...PROVISIONING_MIGRATIONS, ...OIDC_MIGRATIONS, ...LOGOUT_MIGRATIONS, ...PROVIDER_MIGRATIONS],
  async start(services: ServiceResolver) {
    await startJwt(services);
  },
});
