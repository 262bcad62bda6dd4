export { bindRegistration } from './module.js';
export { RegistrationError, REGISTRATION_ERRORS } from './errors.js';
export { RegistrationUriService, type RegistrationList } from './registration-service.js';
export { REGISTRATION_URIS_PATH } from './registration-route.js';
export {
  crmRegistrationUris,
  portalRegistrationUris,
  type RegistrationSettings,
  type RegistrationUri,
} from './registration-uris.js';
export { REGISTRATION_TYPES } from './tokens.js';
