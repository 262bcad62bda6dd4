import { TYPES, type Persistence, type PurgeTask } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { LOGOUT_TOKEN_USES_TABLE } from './entities/LogoutTokenUse.js';

/**
 * Host purge task (`TYPES.PurgeTask`): used logout-token ids whose tokens can no longer pass the time
 * checks (`expires_at` past). SELECT of a bounded batch of ids, then DELETE by id; idempotent.
 */
@injectable()
export class LogoutJtiPurgeTask implements PurgeTask {
  readonly name = 'oidc.logout-jti';

  constructor(@inject(TYPES.Persistence) private readonly persistence: Persistence) {}

  async purge(now: number, limit: number): Promise<number> {
    const knex = this.persistence.knex();
    const rows = (await knex(LOGOUT_TOKEN_USES_TABLE)
      .select('id')
      .where('expires_at', '<', new Date(now))
      .limit(limit)) as Array<{ id: unknown }>;
    if (rows.length === 0) return 0;
    return Number(
      await knex(LOGOUT_TOKEN_USES_TABLE)
        .whereIn(
          'id',
          rows.map((r) => String(r.id)),
        )
        .del(),
    );
  }
}
