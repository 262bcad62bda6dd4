export { parseDuration, isDuration, DurationSyntaxError, DURATION_PATTERN, DURATION_UNITS_MS } from './duration.js';
export {
  OidcSettingsError,
  OIDC_SETTINGS_ERRORS,
  type OidcSettingProblem,
  type OidcSettingsErrorCode,
} from './errors.js';
export { checkEndpoint, isLoopbackHost, type EndpointPolicyOptions } from './endpoint-policy.js';
export { OIDC_SETTING_DEFAULTS, MAX_CLOCK_TOLERANCE_MS } from './defaults.js';
export { readOidcSettings, redirectUriFor, REDIRECT_PATH, type ReadOidcSettingsOptions } from './read-settings.js';
export {
  REDIRECT_PATHS,
  REDIRECT_PATH_SETTING,
  chosenRedirectPath,
  isRedirectPath,
  redirectUriBase,
  type RedirectPath,
} from './redirect-path.js';
export {
  AUTHORIZATION_PROMPTS,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type AuthorizationPrompt,
  type OidcSettings,
  type TeamMappingRule,
  type TokenEndpointAuthMethod,
} from './types.js';
export type { ConfigReader } from './value-reader.js';
export { OidcSettingsValidator, OIDC_METHOD } from './settings-validator.js';
export { bindSettings } from './module.js';
export {
  CLIENT_SECRET_SETTINGS,
  SECRET_BINDING_SETTINGS,
  SECRET_REENTRY_CODE,
  SecretBindingValidator,
  secretReentryError,
  secretReentryProblems,
} from './secret-binding.js';
