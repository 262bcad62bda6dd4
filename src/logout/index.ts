export { LOGOUT_TYPES } from './tokens.js';
export { bindLogout, LOGOUT_ENTITIES, LOGOUT_MIGRATIONS } from './module.js';
export { LogoutError, LOGOUT_ERRORS, type LogoutErrorCode } from './errors.js';
export { OidcTokenVerifiers, type VerifierFor } from './oidc-verifiers.js';
export {
  BackchannelLogoutService,
  type BackchannelLogoutListener,
  type BackchannelOutcome,
} from './backchannel-service.js';
export { BACKCHANNEL_PATHS, logoutTokenOf } from './backchannel-routes.js';
export { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_TYP, logoutRequestOf, type LogoutRequest } from './logout-token.js';
export { LogoutJtiStore } from './jti-store.js';
export { OidcEndSessionRedirect, expandLogoutUrl, type EndSessionRedirect } from './end-session.js';
export { DiscoveryEndSessionEndpoint, type EndSessionEndpointSource } from './end-session-endpoint.js';
export { POST_LOGOUT_PATH, LOGOUT_STATE_COOKIE, checkLogoutState } from './logout-state.js';
export { LogoutTokenUse } from './entities/LogoutTokenUse.js';
export { RefusalLimiter, DEFAULT_REFUSAL_LIMITS, type RefusalLimits } from './refusal-limiter.js';
