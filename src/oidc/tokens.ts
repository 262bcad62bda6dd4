/** DI service identifiers of the OIDC login flow (`src/oidc/`). Every binding is replaceable (`rebind`). */
export const OIDC_TYPES = {
  /** {@link LoginTransactionStore}: server-side login transactions shared by every host process. */
  LoginTransactionStore: Symbol.for('oidc-auth.oidc.LoginTransactionStore'),
  /**
   * {@link OidcSettingsSource}: reads and validates the settings of a login (the test login makes it
   * draft-aware around {@link OIDC_TYPES.SavedSettingsSource}).
   */
  SettingsSource: Symbol.for('oidc-auth.oidc.SettingsSource'),
  /** {@link OidcSettingsSource} of the saved settings: the CRM's config, and authentication providers. */
  SavedSettingsSource: Symbol.for('oidc-auth.oidc.SavedSettingsSource'),
  /** {@link IdTokenValidator}: verifies ID tokens with the JWT domain. */
  IdTokenValidator: Symbol.for('oidc-auth.oidc.IdTokenValidator'),
  /** {@link IssuerParameterPolicy}: whether the RFC 9207 `iss` callback parameter is required. */
  IssuerParameterPolicy: Symbol.for('oidc-auth.oidc.IssuerParameterPolicy'),
  /** {@link LoginStarter}: `GET /oidc/login`. */
  LoginStarter: Symbol.for('oidc-auth.oidc.LoginStarter'),
  /** {@link CallbackHandler}: `GET /oauth-callback`. */
  CallbackHandler: Symbol.for('oidc-auth.oidc.CallbackHandler'),
  /** {@link ErrorPageRenderer}: the HTML page shown for a failed sign-in. */
  ErrorPageRenderer: Symbol.for('oidc-auth.oidc.ErrorPageRenderer'),
  /**
   * {@link TestLoginCompleter} (optional): finishes a transaction of mode `test` (the admin's dry run).
   * Unbound: a `test` transaction is refused with `ERR_OIDC_TEST_LOGIN_UNAVAILABLE`.
   */
  TestLoginCompleter: Symbol.for('oidc-auth.oidc.TestLoginCompleter'),
  /** {@link FailureReply}: AuthLog record, admin log line and error page of a failed sign-in. */
  FailureReply: Symbol.for('oidc-auth.oidc.FailureReply'),
  /** {@link IdentityResolver}: code exchange, ID token, userinfo, merged claims. */
  IdentityResolver: Symbol.for('oidc-auth.oidc.IdentityResolver'),
  /** {@link ClaimsDebugLog}: the received claims at log level debug, masked per `oidcLogMaskedClaims`. */
  ClaimsDebugLog: Symbol.for('oidc-auth.oidc.ClaimsDebugLog'),
  /** {@link LoginStartLimiter}: logins started per client address and minute. */
  StartLimiter: Symbol.for('oidc-auth.oidc.StartLimiter'),
  /** Tunables ({@link OidcFlowOptions}). */
  FlowOptions: Symbol.for('oidc-auth.oidc.FlowOptions'),
} as const;
