/** Public API of the OIDC protocol client (token, userinfo, discovery, client authentication). */
export { OIDC_CLIENT_TYPES } from './tokens.js';
export {
  DEFAULT_OIDC_CLIENT_OPTIONS,
  type ClientAuthStrategy,
  type DiscoveryClient,
  type DiscoveryOptions,
  type DiscoveryResult,
  type OidcClientOptions,
  type TokenClient,
  type TokenRequestDraft,
  type TokenSet,
  type UserInfoClient,
} from './types.js';
export { OidcClientError, OIDC_CLIENT_ERRORS, safeOAuthErrorCode, type OidcClientErrorCode } from './errors.js';
export { ClientAuthRegistry } from './auth/auth-registry.js';
export { ClientSecretBasic } from './auth/client-secret-basic.js';
export { ClientSecretPost } from './auth/client-secret-post.js';
export { ClientSecretJwt } from './auth/client-secret-jwt.js';
export { PrivateKeyJwt } from './auth/private-key-jwt.js';
export { formUrlEncode } from './auth/client-secret.js';
export { JWT_BEARER_ASSERTION_TYPE } from './auth/client-assertion.js';
export { HttpTokenClient, CLIENT_AUTH_REGISTRY } from './token-client.js';
export { parseTokenResponse } from './token-response.js';
export { HttpUserInfoClient, SIGNED_USERINFO_VERIFIER } from './userinfo-client.js';
export { SignedUserInfoVerifier } from './userinfo-jwt.js';
export { HttpDiscoveryClient } from './discovery-client.js';
export { discoveryUrlFor, parseDiscoveryDocument, WELL_KNOWN_PATH } from './discovery-document.js';
export { buildDiscoveryReport, currentFrom, type DiscoveryReport, type SettingChange } from './discovery-report.js';
export { DISCOVERY_WARNINGS, type DiscoveryWarning, type DiscoveryWarningCode } from './discovery-warnings.js';
export { DiscoveryService, DISCOVERY_SERVICE } from './discovery-service.js';
export { DiscoveryRouteProvider, DISCOVERY_ROUTE_PATH } from './discovery-route.js';
export { DiscoverCommand } from './discover-command.js';
export { bindOidcClient, BUILT_IN_CLIENT_AUTH_STRATEGIES } from './module.js';
