import type { HttpReply, HttpRequest } from 'crm-host/sdk';
import type { OidcSettings } from '../settings/types.js';
import type { ResolvedIdentity } from './identity-resolver.js';
import type { PendingTransaction } from './transaction-store.js';

/**
 * Hook for the admin's test login (transactions of mode `test`): called once the code was redeemed, the
 * ID token verified and userinfo read, instead of provisioning and a session. It answers the request
 * itself (e.g. a report page). Bind it to `OIDC_TYPES.TestLoginCompleter`.
 */
export interface TestLoginCompleter {
  complete(input: {
    request: HttpRequest;
    reply: HttpReply;
    transaction: PendingTransaction;
    settings: OidcSettings;
    identity: ResolvedIdentity;
  }): Promise<void>;
  /**
   * Called when a `test` transaction failed after it was consumed (wrong client secret, IdP error, bad ID
   * token...), so whoever waits for the report (the settings page, the CLI) learns the reason. With `reply`
   * it may answer the request itself (the admin's popup shows a report, never the end-user error page) and
   * then returns true; otherwise the error page is sent. Must not throw.
   */
  fail?(input: {
    request: HttpRequest;
    reply?: HttpReply;
    transaction: PendingTransaction;
    error: unknown;
    step: string;
  }): Promise<boolean | void>;
}
