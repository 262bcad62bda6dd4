/** Service identifiers of the test login (the admin's dry run with unsaved settings). */
export const TEST_LOGIN_TYPES = {
  /** {@link TestLoginDraftStore} (database-backed: shared by every host process and the CLI). */
  DraftStore: Symbol.for('oidc-auth.oidc.testLogin.DraftStore'),
  /** {@link TestLoginDraftOptions}: lifetime and cap of drafts. */
  DraftOptions: Symbol.for('oidc-auth.oidc.testLogin.DraftOptions'),
  /** {@link TestLoginDrafting}: builds a draft from saved settings plus unsaved values (UI and CLI). */
  Drafting: Symbol.for('oidc-auth.oidc.testLogin.Drafting'),
} as const;

/** Config key (undeclared: level admin) of the last successful test login: `{ fingerprint, adminId, at }`. */
export const TEST_LOGIN_PROOF_KEY = 'oidcTestLoginProof';
