import { TYPES, type Persistence, type PurgeTask } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { TEST_LOGIN_DRAFTS_TABLE } from '../entities/TestLoginDraft.js';
import { deleteExpiredBatch } from '../purge-batch.js';

/** Host purge task (`TYPES.PurgeTask`): test-login drafts past their lifetime (default 10 minutes). */
@injectable()
export class TestLoginDraftPurgeTask implements PurgeTask {
  readonly name = 'oidc.test-login-drafts';

  constructor(@inject(TYPES.Persistence) private readonly persistence: Persistence) {}

  purge(now: number, limit: number): Promise<number> {
    return deleteExpiredBatch(this.persistence.knex(), TEST_LOGIN_DRAFTS_TABLE, now + 1, limit);
  }
}
