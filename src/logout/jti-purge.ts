import { TYPES, type Persistence, type PurgeTask } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { deleteExpiredBatch } from '../oidc/purge-batch.js';
import { LOGOUT_TOKEN_USES_TABLE } from './entities/LogoutTokenUse.js';

/**
 * Host purge task (`TYPES.PurgeTask`): used logout-token ids whose tokens can no longer pass the time
 * checks (`expires_at` past), a bounded batch at a time ({@link deleteExpiredBatch}).
 */
@injectable()
export class LogoutJtiPurgeTask implements PurgeTask {
  readonly name = 'oidc.logout-jti';

  constructor(@inject(TYPES.Persistence) private readonly persistence: Persistence) {}

  purge(now: number, limit: number): Promise<number> {
    return deleteExpiredBatch(this.persistence.knex(), LOGOUT_TOKEN_USES_TABLE, new Date(now), limit);
  }
}
