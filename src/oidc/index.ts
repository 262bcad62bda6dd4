export { OIDC_TYPES } from './tokens.js';
export { bindOidc, type OidcBindingOptions } from './module.js';
export { OidcError, OIDC_ERRORS, type OidcErrorCode } from './errors.js';
export { DEFAULT_FLOW_OPTIONS, type OidcFlowOptions } from './flow-options.js';
export {
  LoginTransaction,
  LOGIN_TRANSACTIONS_TABLE,
  LOGIN_MODES,
  type LoginMode,
} from './entities/LoginTransaction.js';
export { createLoginTransactionsMigration } from './migrations/create-login-transactions.js';
export { createTestLoginDraftsMigration } from './migrations/create-test-login-drafts.js';
export { OIDC_MIGRATIONS } from './migrations/index.js';
export { TestLoginDraftRecord, TEST_LOGIN_DRAFTS_TABLE, type TestLoginOrigin } from './entities/TestLoginDraft.js';
export {
  DbLoginTransactionStore,
  type ConsumeResult,
  type LoginTransactionStore,
  type NewTransaction,
  type PendingTransaction,
  type StartedTransaction,
} from './transaction-store.js';
export { LoginStarter, LOGIN_PATH, retryUrlFor, type StartOptions } from './login-starter.js';
export { CallbackHandler } from './callback-handler.js';
export { LoginStartLimiter } from './start-limiter.js';
export { IdentityResolver, IdentityStepError, type ResolvedIdentity } from './identity-resolver.js';
export { JwtIdTokenValidator, type IdTokenChecks, type IdTokenValidator } from './id-token-validator.js';
export { DiscoveryIssuerParameterPolicy, type IssuerParameterPolicy } from './iss-parameter.js';
export { ConfigOidcSettingsSource, OIDC_METHOD_NAME, type OidcSettingsSource } from './settings-source.js';
export { HtmlErrorPageRenderer, escapeHtml, type ErrorPageInput, type ErrorPageRenderer } from './error-page.js';
export { FailureReply, pageStatus, type FailureContext } from './failure-reply.js';
export { OidcLoginMethod, END_SESSION_REDIRECT_ID, type EndSessionRedirect } from './login-method.js';
export { buildAuthorizationUrl, groupClaimsRequest, requestedScopes } from './authorization-request.js';
export { readCallbackParams, type CallbackParams } from './callback-params.js';
export { safeReturnTo, MAX_RETURN_TO_LENGTH } from './return-to.js';
export { mergeClaims } from './claims-merge.js';
export { redirectUriFor, servedRedirectUris, type RedirectUriOptions, type ServedRedirectUri } from './redirect-uri.js';
export type { TestLoginCompleter } from './test-login.js';

import { LoginTransaction } from './entities/LoginTransaction.js';
import { TestLoginDraftRecord } from './entities/TestLoginDraft.js';
/** Entities of the login flow, for the extension entry's `entities`. */
export const OIDC_ENTITIES = [LoginTransaction, TestLoginDraftRecord] as const;
