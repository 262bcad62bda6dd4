import { TYPES, type Persistence, type PurgeTask } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { LOGIN_TRANSACTIONS_TABLE } from './entities/LoginTransaction.js';
import type { OidcFlowOptions } from './flow-options.js';
import { deleteExpiredBatch } from './purge-batch.js';
import { OIDC_TYPES } from './tokens.js';

/**
 * Host purge task (`TYPES.PurgeTask`): login transactions past expiry + `replayMemoryMs` (kept that long
 * so that a replayed callback is reported as a replay, not as an unknown state).
 */
@injectable()
export class LoginTransactionPurgeTask implements PurgeTask {
  readonly name = 'oidc.login-transactions';

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(OIDC_TYPES.FlowOptions) private readonly options: OidcFlowOptions,
  ) {}

  purge(now: number, limit: number): Promise<number> {
    return deleteExpiredBatch(
      this.persistence.knex(),
      LOGIN_TRANSACTIONS_TABLE,
      now - this.options.replayMemoryMs,
      limit,
    );
  }
}
