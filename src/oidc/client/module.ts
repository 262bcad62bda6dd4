import { TYPES } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { ClientAuthRegistry } from './auth/auth-registry.js';
import { ClientSecretBasic } from './auth/client-secret-basic.js';
import { ClientSecretJwt } from './auth/client-secret-jwt.js';
import { ClientSecretPost } from './auth/client-secret-post.js';
import { PrivateKeyJwt } from './auth/private-key-jwt.js';
import { DiscoverCommand } from './discover-command.js';
import { HttpDiscoveryClient } from './discovery-client.js';
import { DiscoveryRouteProvider } from './discovery-route.js';
import { DISCOVERY_SERVICE, DiscoveryService } from './discovery-service.js';
import { CLIENT_AUTH_REGISTRY, HttpTokenClient } from './token-client.js';
import { OIDC_CLIENT_TYPES } from './tokens.js';
import { DEFAULT_OIDC_CLIENT_OPTIONS } from './types.js';
import { HttpUserInfoClient, SIGNED_USERINFO_VERIFIER } from './userinfo-client.js';
import { SignedUserInfoVerifier } from './userinfo-jwt.js';

/** Built-in token endpoint authentication methods (a module loaded later may add more, or replace one by name). */
export const BUILT_IN_CLIENT_AUTH_STRATEGIES = [ClientSecretBasic, ClientSecretPost, ClientSecretJwt, PrivateKeyJwt];

/**
 * Binds the OIDC protocol client: auth strategies (multi-binding), token, userinfo and discovery clients,
 * the admin discovery route and the `crm-host oidc discover` command. Needs the JWT domain (algorithm
 * registry) and the bounded HTTP client bound as well.
 */
export function bindOidcClient(options: Pick<ContainerModuleLoadOptions, 'bind' | 'isBound'>): void {
  if (!options.isBound(OIDC_CLIENT_TYPES.Options)) {
    options.bind(OIDC_CLIENT_TYPES.Options).toConstantValue(DEFAULT_OIDC_CLIENT_OPTIONS);
  }
  for (const strategy of BUILT_IN_CLIENT_AUTH_STRATEGIES) {
    options.bind(OIDC_CLIENT_TYPES.ClientAuthStrategy).to(strategy).inSingletonScope();
  }
  options.bind(CLIENT_AUTH_REGISTRY).to(ClientAuthRegistry).inSingletonScope();
  options.bind(OIDC_CLIENT_TYPES.TokenClient).to(HttpTokenClient).inSingletonScope();
  options.bind(SIGNED_USERINFO_VERIFIER).to(SignedUserInfoVerifier).inSingletonScope();
  options.bind(OIDC_CLIENT_TYPES.UserInfoClient).to(HttpUserInfoClient).inSingletonScope();
  options.bind(OIDC_CLIENT_TYPES.DiscoveryClient).to(HttpDiscoveryClient).inSingletonScope();
  options.bind(DISCOVERY_SERVICE).to(DiscoveryService).inSingletonScope();
  options.bind(TYPES.RouteProvider).to(DiscoveryRouteProvider).inSingletonScope();
  options.bind(TYPES.CliCommand).to(DiscoverCommand).inSingletonScope();
}
