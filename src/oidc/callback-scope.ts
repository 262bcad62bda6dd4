import { DRAFT_PROVIDER_PREFIX } from './test-login/drafts.js';
import type { PendingTransaction } from './transaction-store.js';

/**
 * Where a callback arrived: the CRM's `/oauth-callback` (no scope) or a portal's
 * `/portal/<urlId>/oauth-callback`, which accepts only transactions of the portal's provider.
 */
export interface CallbackScope {
  readonly portalId: string;
  readonly portalUrlId: string;
  readonly providerId: string;
  /** The portal's login start (the "Try again" link). */
  readonly retryUrl: string;
}

/**
 * Whether a transaction may be finished at this callback: the CRM's callback takes the CRM's own
 * transactions and test-login drafts; a portal's takes only those of the portal's provider. Never crossed.
 */
export function belongsTo(tx: Pick<PendingTransaction, 'providerId'>, scope: CallbackScope | null): boolean {
  return scope
    ? tx.providerId === scope.providerId
    : tx.providerId === null || tx.providerId.startsWith(DRAFT_PROVIDER_PREFIX);
}
