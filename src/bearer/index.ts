export { BEARER_TYPES } from './tokens.js';
export { bindBearer, type BearerBindingOptions } from './module.js';
export { BearerError, BEARER_ERRORS, type BearerErrorCode } from './errors.js';
export { OidcBearerAuthenticator, BEARER_METHOD } from './bearer-authenticator.js';
export { BearerUserCache, DEFAULT_BEARER_CACHE_OPTIONS, type BearerCacheOptions } from './user-cache.js';
export { grantedScopes, missingScopes } from './scopes.js';
