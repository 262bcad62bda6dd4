/** Service identifiers of the test login (the admin's dry run with unsaved settings). */
export const TEST_LOGIN_TYPES = {
  /** {@link TestLoginDraftStore}. */
  DraftStore: Symbol.for('oidc-auth.oidc.testLogin.DraftStore'),
  /** {@link TestLoginProofStore}: who last completed a successful test login, with which settings. */
  ProofStore: Symbol.for('oidc-auth.oidc.testLogin.ProofStore'),
} as const;

/** Config key (undeclared: level admin) of the last successful test login: `{ fingerprint, adminId, at }`. */
export const TEST_LOGIN_PROOF_KEY = 'oidcTestLoginProof';
