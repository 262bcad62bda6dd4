/** DI service identifiers of the registration domain (the addresses to register at the identity provider). */
export const REGISTRATION_TYPES = {
  /** {@link RegistrationUriService}: the CRM's and the portals' registration URIs. */
  RegistrationUriService: Symbol.for('oidc-auth.registration.RegistrationUriService'),
} as const;
