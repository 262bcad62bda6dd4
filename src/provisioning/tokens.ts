/** Service identifiers of the provisioning domain; each binding is replaceable (`rebind`). */
export const PROVISIONING_TYPES = {
  /** {@link UsernameStrategy}: claims -> CRM user name. */
  UsernameStrategy: Symbol.for('oidc-auth.provisioning.UsernameStrategy'),
  /** {@link TeamMapper}: IdP groups -> CRM teams to add/remove. */
  TeamMapper: Symbol.for('oidc-auth.provisioning.TeamMapper'),
  /** {@link TeamMappingLimits}: caps on groups, rules and value lengths. */
  TeamMappingLimits: Symbol.for('oidc-auth.provisioning.TeamMappingLimits'),
  /** {@link ClaimFieldMapper}: claims -> user profile fields. */
  ClaimFieldMapper: Symbol.for('oidc-auth.provisioning.ClaimFieldMapper'),
  /** {@link LoginPolicy}: who may sign in by OIDC or by password fallback. */
  LoginPolicy: Symbol.for('oidc-auth.provisioning.LoginPolicy'),
  /** {@link ProvisioningService}: finds, links, creates and syncs the user of an OIDC login. */
  ProvisioningService: Symbol.for('oidc-auth.provisioning.ProvisioningService'),
} as const;
